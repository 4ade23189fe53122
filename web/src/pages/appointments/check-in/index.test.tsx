import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Appointment } from '../../../api/appointments';
import { setLanguage } from '../../../i18n';
import { adminUser, installFetch } from '../../../test/fetchMock';
import { renderApp } from '../../../test/renderApp';
import { checkInOrder } from '.';

const base: Appointment = {
  id: 8, branch_id: 1, customer_id: 7, customer_name: '韩蓉萍', service_id: 1, service_name: '水光针（基础补水）', practitioner_id: 4,
  practitioner_name: '张明远', assistant_ids: [], room_id: 2, room_name: '注射室 1', equipment_ids: [],
  start: '2026-11-24T14:30:00+08:00', end: '2026-11-24T15:15:00+08:00', status: 'booked', note: '', cancel_reason: '',
  treatment_id: null, booked_at: '2026-11-23T10:00:00+08:00', confirmed_at: null, checked_in_at: null, in_service_at: null,
  completed_at: null, no_show_at: null, cancelled_at: null, version: 1,
};

function routes(list: Appointment[]) {
  return {
    'GET /api/v1/auth/me': { body: { user: { ...adminUser, branch_id: 1, branch: { id: 1, code: 'HQ', name: '静安旗舰店' } }, csrf_token: 'c' } },
    'GET /api/v1/appointments/settings': { body: { slot_step_min: 15, time_zone: 'Asia/Shanghai' } },
    'GET /api/v1/branches': { body: { items: [{ id: 1, code: 'HQ', name: '静安旗舰店' }] } },
    'GET /api/v1/data/staff': { body: { items: [], next_cursor: null } },
    'GET /api/v1/data/room': { body: { items: [], next_cursor: null } },
    'GET /api/v1/appointments/branches/1/opening-hours': { body: { branch_id: 1, days: [] } },
    'GET /api/v1/appointments': { body: { items: list } },
  };
}

describe('front-desk check-in', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('checks a customer in and links the treatment record it opened', async () => {
    const { requests } = installFetch({
      ...routes([base]),
      'POST /api/v1/appointments/8/status': { body: { ...base, customer_name: null, status: 'checked_in', treatment_id: 77, checked_in_at: '2026-11-24T14:20:00+08:00' } },
    });
    renderApp('/appointments/check-in?date=2026-11-24');
    fireEvent.click(await screen.findByTestId('appt-8-checked_in'));
    expect(await screen.findByTestId('appt-8-treatment')).toBeTruthy();
    expect(screen.getByTestId('checkin-status-8').textContent).toBe('已到店');
    // The name stays although the change's answer leaves it out.
    expect(screen.getByTestId('checkin-row-8').textContent).toContain('韩蓉萍');
    const post = requests.find((r) => r.method === 'POST');
    expect(post?.body).toEqual({ status: 'checked_in' });
    expect(post?.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(requests.find((r) => r.path === '/api/v1/appointments')?.url).toContain('from=2026-11-24&to=2026-11-24');
  });

  it('cancels only after the confirmation, with the reason', async () => {
    const { requests } = installFetch({
      ...routes([base]),
      'POST /api/v1/appointments/8/cancel': (r) => ({ body: { ...base, status: 'cancelled', cancel_reason: (r.body as { reason: string }).reason } }),
    });
    renderApp('/appointments/check-in?date=2026-11-24');
    fireEvent.click(await screen.findByTestId('appt-8-cancel'));
    const reason = await screen.findByTestId('cancel-reason');
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
    fireEvent.change(reason, { target: { value: '客户临时有事' } });
    fireEvent.click(screen.getByTestId('cancel-ok'));
    await waitFor(() => expect(screen.getByTestId('checkin-status-8').textContent).toBe('已取消'));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ reason: '客户临时有事' });
  });

  it('lists the waiting first, by time', () => {
    const list = [
      { ...base, id: 1, status: 'completed' as const, start: '2026-11-24T09:00:00+08:00' },
      { ...base, id: 2, status: 'checked_in' as const, start: '2026-11-24T10:00:00+08:00' },
      { ...base, id: 3, start: '2026-11-24T16:00:00+08:00' },
      { ...base, id: 4, status: 'confirmed' as const, start: '2026-11-24T11:00:00+08:00' },
    ];
    expect(checkInOrder(list).map((a) => a.id)).toEqual([4, 3, 2, 1]);
  });
});
