import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../i18n';
import { installFetch, unauthenticated } from '../../test/fetchMock';
import type { FakeRoutes } from '../../test/fetchMock';
import { renderApp } from '../../test/renderApp';

// The clinic's today comes from the server (its time zone), whatever the browser's clock says.
const page = { branch: { id: 1, name: '静安旗舰店' }, services: [{ id: 3, name: '水光针（基础补水）', duration_min: 45, price_fen: 128000 }], today: '2031-12-05', time_zone: 'Asia/Shanghai' };
const slots = { slots: [{ start: '2026-11-24T10:00:00+08:00', end: '2026-11-24T10:45:00+08:00' }, { start: '2026-11-24T14:30:00+08:00', end: '2026-11-24T15:15:00+08:00' }] };
const booked = { id: 41, start: '2026-11-24T14:30:00+08:00', end: '2026-11-24T15:15:00+08:00', service: { name: '水光针（基础补水）' }, branch: { name: '静安旗舰店' }, status: 'booked', phone: '138****5678' };

function routes(over: FakeRoutes = {}): FakeRoutes {
  return {
    'GET /api/v1/auth/me': unauthenticated,
    'GET /api/v1/public/branches/1/booking': { body: page },
    'GET /api/v1/public/branches/1/slots': { body: slots },
    'POST /api/v1/public/branches/1/code': { status: 202, body: { expires_in: 300, demo_code: '246810', phone: '138****5678' } },
    'POST /api/v1/public/branches/1/book': { status: 201, body: booked },
    ...over,
  };
}

async function toContact() {
  fireEvent.click(await screen.findByTestId('pb-service-3'));
  fireEvent.click(await screen.findByTestId('pb-slot-14:30'));
  fireEvent.change(await screen.findByTestId('pb-name'), { target: { value: '王女士' } });
  fireEvent.change(screen.getByTestId('pb-phone'), { target: { value: '13812345678' } });
}

describe('public booking page', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('books without a login: service, slot, name and phone, the demo code, confirm', async () => {
    const { requests } = installFetch(routes());
    const app = renderApp('/book/1');
    expect((await screen.findByTestId('pb-branch')).textContent).toBe('静安旗舰店');
    expect(app.path()).toBe('/book/1');
    await toContact();
    fireEvent.click(screen.getByTestId('pb-send-code'));
    expect((await screen.findByTestId('pb-demo-code')).textContent).toBe('246810');
    fireEvent.change(screen.getByTestId('pb-code'), { target: { value: '246810' } });
    fireEvent.click(screen.getByTestId('pb-submit'));
    expect((await screen.findByTestId('pb-done-time')).textContent).toBe('2026-11-24 14:30-15:15');

    const slotQuery = requests.find((r) => r.path === '/api/v1/public/branches/1/slots');
    expect(slotQuery?.url).toMatch(/service_id=3&date=2031-12-05$/);
    expect(requests.find((r) => r.path.endsWith('/code'))?.body).toEqual({ phone: '13812345678' });
    expect(requests.find((r) => r.path.endsWith('/book'))?.body).toEqual({ service_id: 3, start: '2026-11-24T14:30:00+08:00', name: '王女士', phone: '13812345678', code: '246810' });
    expect(app.path()).toBe('/book/1');
  });

  it('sends no code for a malformed phone number', async () => {
    const { requests } = installFetch(routes());
    renderApp('/book/1');
    await toContact();
    fireEvent.change(screen.getByTestId('pb-phone'), { target: { value: '1381234' } });
    fireEvent.click(screen.getByTestId('pb-send-code'));
    expect(await screen.findByText('请输入 11 位手机号')).toBeTruthy();
    expect(requests.some((r) => r.path.endsWith('/code'))).toBe(false);
  });

  it('shows a wrong code and stays; a taken slot goes back to the slots and reloads them', async () => {
    let answer = { status: 422, body: { error: { code: 'public.bad_code', message: '验证码错误或已过期', details: {} } } };
    const { requests } = installFetch(routes({ 'POST /api/v1/public/branches/1/book': () => answer }));
    renderApp('/book/1');
    await toContact();
    fireEvent.click(screen.getByTestId('pb-send-code'));
    await screen.findByTestId('pb-demo-code');
    fireEvent.change(screen.getByTestId('pb-code'), { target: { value: '111111' } });
    fireEvent.click(screen.getByTestId('pb-submit'));
    expect((await screen.findByTestId('pb-error')).textContent).toContain('验证码错误或已过期');

    answer = { status: 409, body: { error: { code: 'appointment.slot_taken', message: '该时段已被预约', details: {} } } };
    fireEvent.click(screen.getByTestId('pb-submit'));
    expect(await screen.findByTestId('pb-slot-10:00')).toBeTruthy();
    await waitFor(() => expect(requests.filter((r) => r.path.endsWith('/slots')).length).toBe(2));
  });

  it('says so when the branch takes no online bookings', async () => {
    installFetch(routes({ 'GET /api/v1/public/branches/1/booking': { status: 404, body: { error: { code: 'public.not_found', message: 'not found', details: {} } } } }));
    renderApp('/book/1');
    expect(await screen.findByText('该门店暂不支持在线预约')).toBeTruthy();
  });
});
