// Outgoing message channels (/api/v1/notify): providers and their settings, test sends, the message log.
// Shapes written from the issue 5 API contract until the OpenAPI document describes them.
import { request } from './client';
import type { Page } from './types';

export type ChannelName = 'sms' | 'email' | 'wecom' | 'webhook';

export interface ProviderField {
  name: string;
  label: string;
  /** Stored encrypted; read back as "********". */
  secret: boolean;
  required: boolean;
  default: string | null;
}

export interface Provider {
  provider: string;
  channel: ChannelName;
  label: string;
  fields: ProviderField[];
}

export interface ChannelSettings {
  channel: ChannelName;
  provider: string;
  enabled: boolean;
  config: Record<string, string>;
  rate_per_minute: number;
  quiet_start: string | null;
  quiet_end: string | null;
  version: number;
  updated_at: string;
}

export interface ChannelInput {
  provider: string;
  enabled: boolean;
  /** Secret fields sent back as "********" keep their stored value. */
  config: Record<string, string>;
  rate_per_minute?: number;
  quiet_start?: string;
  quiet_end?: string;
}

export interface TestResult {
  outcome: 'sent' | 'retry' | 'failed';
  provider_message_id: string | null;
  error_code: string | null;
  error_message: string | null;
}

export type MessageStatus = 'pending' | 'sent' | 'failed' | 'suppressed';

export interface Message {
  id: number;
  channel: ChannelName | 'in_app';
  category: 'service' | 'marketing';
  recipient_masked: string;
  subject: string | null;
  status: MessageStatus;
  provider: string | null;
  provider_message_id: string | null;
  error_code: string | null;
  error_message: string | null;
  attempts: number;
  entity: string | null;
  record_id: number | null;
  rule_id: number | null;
  created_at: string;
  sent_at: string | null;
}

export const secretMask = '********';

export const listProviders = () => request<{ items: Provider[] }>('GET', '/notify/providers');

export const listChannels = () => request<{ items: ChannelSettings[] }>('GET', '/notify/channels');

/** 422 notify.bad_channel_config / notify.unknown_provider; 404 notify.unknown_channel. */
export const saveChannel = (channel: ChannelName, body: ChannelInput) =>
  request<ChannelSettings>('PUT', `/notify/channels/${channel}`, { body });

export const deleteChannel = (channel: ChannelName) => request<void>('DELETE', `/notify/channels/${channel}`);

export const testChannel = (channel: ChannelName, to: string, text?: string) =>
  request<TestResult>('POST', `/notify/channels/${channel}/test`, { body: { to, text } });

export const listMessages = (status: MessageStatus | undefined, cursor?: string | null) =>
  request<Page<Message>>('GET', '/notify/messages', { query: { status, limit: 50, cursor } });

export const retryMessage = (id: number) => request<Message>('POST', `/notify/messages/${id}/retry`);
