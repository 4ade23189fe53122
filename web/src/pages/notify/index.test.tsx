import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../i18n';
import { adminUser, installFetch } from '../../test/fetchMock';
import { renderApp } from '../../test/renderApp';

const tencent = {
  provider: 'tencent_sms',
  channel: 'sms',
  label: '腾讯云短信',
  fields: [
    { name: 'secret_id', label: 'SecretId', secret: false, required: true, default: null },
    { name: 'secret_key', label: 'SecretKey', secret: true, required: true, default: null },
  ],
};
const stored = {
  channel: 'sms',
  provider: 'tencent_sms',
  enabled: true,
  config: { secret_id: 'AKID1', secret_key: '********' },
  rate_per_minute: 20,
  quiet_start: '21:00',
  quiet_end: '09:00',
  version: 1,
  updated_at: '2026-03-01T00:00:00Z',
};

function server() {
  return installFetch({
    'GET /api/v1/auth/me': { body: { user: adminUser, csrf_token: 'c' } },
    'GET /api/v1/notify/providers': { body: { items: [tencent] } },
    'GET /api/v1/notify/channels': { body: { items: [stored] } },
    'PUT /api/v1/notify/channels/sms': { body: { ...stored, version: 2 } },
    'POST /api/v1/notify/channels/sms/test': {
      body: { outcome: 'failed', provider_message_id: null, error_code: 'FailedOperation.SignatureIncorrectOrUnapproved', error_message: '签名未审批' },
    },
  });
}

describe('message channels', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows a stored secret as ******** in a password input and sends the mask back to keep it', async () => {
    const { requests } = server();
    renderApp('/automation/channels');
    const secret = (await screen.findByTestId('config-sms-secret_key')) as HTMLInputElement;
    expect(secret.type).toBe('password');
    expect(secret.value).toBe('********');
    fireEvent.change(screen.getByTestId('config-sms-secret_id'), { target: { value: ' AKID2 ' } });
    fireEvent.click(screen.getByTestId('save-sms'));
    await waitFor(() => expect(requests.find((r) => r.method === 'PUT')?.body).toEqual({
      provider: 'tencent_sms',
      enabled: true,
      config: { secret_id: 'AKID2', secret_key: '********' },
      rate_per_minute: 20,
      quiet_start: '21:00',
      quiet_end: '09:00',
    }));
  });

  it('shows the provider’s error from a test send', async () => {
    const { requests } = server();
    renderApp('/automation/channels');
    fireEvent.change(await screen.findByTestId('test-to-sms'), { target: { value: '13812345678' } });
    fireEvent.click(screen.getByTestId('test-send-sms'));
    const result = await screen.findByTestId('test-result-sms');
    expect(within(result).getByText('发送失败')).toBeTruthy();
    expect(result.textContent).toContain('FailedOperation.SignatureIncorrectOrUnapproved 签名未审批');
    expect(requests.find((r) => r.path.endsWith('/test'))?.body).toEqual({ to: '13812345678' });
  });

  it('is forbidden without notify.manage', async () => {
    installFetch({ 'GET /api/v1/auth/me': { body: { user: { ...adminUser, permissions: ['rules.manage'] }, csrf_token: 'c' } } });
    renderApp('/automation/channels');
    expect(await screen.findByTestId('page-403')).toBeTruthy();
  });
});
