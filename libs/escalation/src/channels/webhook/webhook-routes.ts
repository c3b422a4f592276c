import { WebhookChannel, WebhookChannelOptions } from './webhook-channel';

/** One NOTICE_WEBHOOKS entry: notices of an agency (lead agency or a recipient's) or of a rule. */
export interface WebhookRoute {
  agency?: string;
  rule?: string;
  /** a target rules choose by name (ReminderRule.webhooks) */
  name?: string;
  url: string;
  /** the name of the environment variable holding the shared secret (never the secret itself) */
  secretEnv: string;
}

/**
 * The webhooks configured per agency or per rule, with their secrets read from the environment
 * at start. A notice goes to every route naming its rule or one of its agencies, once per URL.
 */
export class WebhookRoutes {
  private readonly channels: { route: WebhookRoute; channel: WebhookChannel }[];

  constructor(routes: WebhookRoute[], env: NodeJS.ProcessEnv, options: WebhookChannelOptions) {
    this.channels = routes.map((route) => {
      const secret = env[route.secretEnv];
      // Named, never echoed: the operator learns which variable is missing.
      if (!secret)
        throw new Error(
          `NOTICE_WEBHOOKS: the secret variable ${route.secretEnv} (for ${route.agency ?? route.rule ?? route.name}) is not set`,
        );
      return { route, channel: new WebhookChannel({ url: route.url, secret }, options) };
    });
  }

  get size(): number {
    return this.channels.length;
  }

  /** The named targets rules may list, with where they post (never their secrets). */
  get named(): { name: string; url: string }[] {
    return this.channels.filter((c) => c.route.name !== undefined).map((c) => ({ name: c.route.name!, url: c.route.url }));
  }

  /** The targets of a notice: routes naming its rule or one of its agencies, and the named targets its rule lists. */
  channelsFor(ruleId: string, agencies: string[], named: readonly string[] = []): WebhookChannel[] {
    const codes = new Set(agencies.filter(Boolean));
    const names = new Set(named);
    const seen = new Set<string>();
    const out: WebhookChannel[] = [];
    for (const { route, channel } of this.channels) {
      const matches =
        (route.rule !== undefined && route.rule === ruleId) ||
        (route.agency !== undefined && codes.has(route.agency)) ||
        (route.name !== undefined && names.has(route.name));
      if (matches && !seen.has(route.url)) {
        seen.add(route.url);
        out.push(channel);
      }
    }
    return out;
  }
}
