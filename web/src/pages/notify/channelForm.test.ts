import { describe, expect, it } from 'vitest';
import type { ChannelSettings, Provider } from '../../api/notify';
import { channelInput, formValues, missingFields } from './channelForm';

const aliyun: Provider = {
  provider: 'aliyun_sms',
  channel: 'sms',
  label: '阿里云短信',
  fields: [
    { name: 'access_key_id', label: 'AccessKey ID', secret: false, required: true, default: null },
    { name: 'access_key_secret', label: 'AccessKey Secret', secret: true, required: true, default: null },
    { name: 'sign_name', label: '签名', secret: false, required: true, default: null },
    { name: 'endpoint', label: '地址', secret: false, required: false, default: 'https://dysmsapi.aliyuncs.com' },
  ],
};
const stored: ChannelSettings = {
  channel: 'sms',
  provider: 'aliyun_sms',
  enabled: true,
  config: { access_key_id: 'LTAI', access_key_secret: '********', sign_name: '牡丹医美' },
  rate_per_minute: 30,
  quiet_start: '21:00',
  quiet_end: '09:00',
  version: 2,
  updated_at: '2026-03-01T00:00:00Z',
};

describe('channel form', () => {
  it('starts from the stored settings, filling the provider defaults', () => {
    expect(formValues(stored, aliyun)).toEqual({
      provider: 'aliyun_sms',
      enabled: true,
      config: { access_key_id: 'LTAI', access_key_secret: '********', sign_name: '牡丹医美', endpoint: 'https://dysmsapi.aliyuncs.com' },
      rate_per_minute: 30,
      quiet_start: '21:00',
      quiet_end: '09:00',
    });
  });

  it('starts a new channel from defaults only', () => {
    const fresh = formValues(undefined, aliyun);
    expect(fresh.config).toEqual({ access_key_id: '', access_key_secret: '', sign_name: '', endpoint: 'https://dysmsapi.aliyuncs.com' });
    expect(missingFields(fresh, aliyun)).toEqual(['access_key_id', 'access_key_secret', 'sign_name']);
  });

  it('sends an untouched secret as the mask, so the stored one is kept, and leaves out empty fields', () => {
    const values = { ...formValues(stored, aliyun), config: { ...formValues(stored, aliyun).config, endpoint: '', sign_name: ' 牡丹 ' } };
    expect(missingFields(values, aliyun)).toEqual([]);
    expect(channelInput(values, aliyun)).toEqual({
      provider: 'aliyun_sms',
      enabled: true,
      config: { access_key_id: 'LTAI', access_key_secret: '********', sign_name: '牡丹' },
      rate_per_minute: 30,
      quiet_start: '21:00',
      quiet_end: '09:00',
    });
  });

  it('sends quiet hours only when both ends are set', () => {
    const values = { ...formValues(stored, aliyun), quiet_end: '' };
    expect(channelInput(values, aliyun)).not.toHaveProperty('quiet_start');
  });
});
