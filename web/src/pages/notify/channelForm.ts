// A channel card's form as data: its starting values (stored settings, else the provider's defaults) and
// the PUT body built from it. Secret fields come back from the server as "********"; sending that mask
// back keeps the stored secret, so an untouched secret is sent as the mask.
import type { ChannelInput, ChannelSettings, Provider } from '../../api/notify';
import { secretMask } from '../../api/notify';

export interface ChannelFormValues {
  provider: string | undefined;
  enabled: boolean;
  config: Record<string, string>;
  rate_per_minute: number | null;
  quiet_start: string;
  quiet_end: string;
}

export const defaultRate = 60;

/** The form's values for `provider` (the stored provider when none is chosen yet). */
export function formValues(stored: ChannelSettings | undefined, provider: Provider | undefined): ChannelFormValues {
  const same = stored && provider && stored.provider === provider.provider;
  const config: Record<string, string> = {};
  for (const field of provider?.fields ?? []) {
    const kept = same ? stored.config[field.name] : undefined;
    config[field.name] = kept ?? field.default ?? '';
  }
  return {
    provider: provider?.provider ?? stored?.provider,
    enabled: stored?.enabled ?? true,
    config,
    rate_per_minute: stored?.rate_per_minute ?? defaultRate,
    quiet_start: stored?.quiet_start ?? '',
    quiet_end: stored?.quiet_end ?? '',
  };
}

/** Required fields left empty (a stored secret's mask counts as filled). */
export function missingFields(values: ChannelFormValues, provider: Provider): string[] {
  return provider.fields.filter((f) => f.required && !(values.config[f.name] ?? '').trim()).map((f) => f.name);
}

/** The PUT /notify/channels/{channel} body: only the provider's fields, trimmed (secrets as typed). */
export function channelInput(values: ChannelFormValues, provider: Provider): ChannelInput {
  const config: Record<string, string> = {};
  for (const field of provider.fields) {
    const value = values.config[field.name] ?? '';
    if (value === '') continue;
    config[field.name] = field.secret ? value : value.trim();
  }
  const input: ChannelInput = { provider: provider.provider, enabled: values.enabled, config };
  if (values.rate_per_minute !== null) input.rate_per_minute = values.rate_per_minute;
  if (values.quiet_start && values.quiet_end) {
    input.quiet_start = values.quiet_start;
    input.quiet_end = values.quiet_end;
  }
  return input;
}

export const isStoredSecret = (value: string | undefined) => value === secretMask;
