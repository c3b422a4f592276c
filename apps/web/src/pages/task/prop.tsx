import type { ComponentChildren } from 'preact';

export function Prop({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="prop">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
