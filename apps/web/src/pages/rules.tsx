import type { Route } from '../router';
import { RuleEditor } from './rules/rule-form';
import { RuleList } from './rules/rule-list';

/** Reminder and escalation rules: the list, a rule's form (new or saved) with its dry run. Parts in ./rules/. */
export function RulesPage({ route }: { route: Route }) {
  const id = route.path[1];
  if (id === 'new') return <RuleEditor ruleId={null} />;
  if (id) return <RuleEditor ruleId={id} />;
  return <RuleList />;
}
