import { fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Appointment } from '../../api/appointments';
import { setLanguage } from '../../i18n';
import { adminUser, installFetch } from '../../test/fetchMock';
import { renderApp } from '../../test/renderApp';
import { mine, ownStaff } from './my-day';

const base: Appointment = {
  id: 8, branch_id: 1, customer_id: 7, customer_name: '韩蓉萍', service_id: 1, service_name: '水光针（基础补水）', practitioner_id: 4,
  practitioner_name: '张明远', assistant_ids: [], room_id: 2, room_name: '注射室 1', equipment_ids: [],
  start: '2026-11-24T14:30:00+08:00', end: '2026-11-24T15:15:00+08:00', status: 'booked', note: '', cancel_reason: '',
  treatment_id: null, booked_at: '2026-11-23T10:00:00+08:00', confirmed_at: null, checked_in_at: null, in_service_at: null,
  completed_at: null, no_show_at: null, cancelled_at: null, version: 1,
};
const staff = [
  { id: 4, version: 1, created_at: '', updated_at: '', branch_id: 1, name: '张明远', position: 'doctor', account: 5 },
  { id: 15, version: 1, created_at: '', updated_at: '', branch_id: 1, name: '徐静', position: 'doctor', account: 16 },
];

describe('appointment board', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows a column per practitioner with the day\'s bookings and opens one', async () => {
    const { requests } = installFetch({
      'GET /api/v1/auth/me': { body: { user: { ...adminUser, branch_id: 1, branch: { id: 1, code: 'HQ', name: '静安旗舰店' } }, csrf_token: 'c' } },
      'GET /api/v1/appointments/settings': { body: { slot_step_min: 15, time_zone: 'Asia/Shanghai' } },
      'GET /api/v1/branches': { body: { items: [{ id: 1, code: 'HQ', name: '静安旗舰店' }] } },
      'GET /api/v1/data/staff': { body: { items: staff, next_cursor: null } },
      'GET /api/v1/data/room': { body: { items: [], next_cursor: null } },
      'GET /api/v1/appointments/branches/1/opening-hours': { body: { branch_id: 1, days: [{ weekday: 2, open: '10:00', close: '21:00' }] } },
      'GET /api/v1/appointments': { body: { items: [base, { ...base, id: 9, status: 'cancelled', customer_name: '王涵雯' }] } },
    });
    renderApp('/appointments/board?date=2026-11-24');
    const card = await screen.findByTestId('appt-8');
    expect(screen.getByTestId('col-p-4').contains(card)).toBe(true);
    expect(card.textContent).toContain('14:30 韩蓉萍');
    expect(screen.getByTestId('col-p-15').textContent).toBe('');
    // Cancelled bookings stay hidden until asked for.
    expect(screen.queryByTestId('appt-9')).toBeNull();
    expect(requests.find((r) => r.path === '/api/v1/appointments')?.url).toContain('branch_id=1&from=2026-11-24&to=2026-11-24');
    fireEvent.click(card);
    const drawer = await screen.findByTestId('appt-drawer');
    expect(drawer.textContent).toContain('2026-11-24 14:30-15:15');
    expect(screen.getByTestId('appt-8-checked_in')).toBeTruthy();
  });
});

describe('my day', () => {
  it('finds the signed-in user\'s staff record and their bookings, assisting included', () => {
    expect(ownStaff(staff, 16)?.id).toBe(15);
    expect(ownStaff(staff, 99)).toBeNull();
    const list = [
      { ...base, id: 1, start: '2026-11-24T16:00:00+08:00' },
      { ...base, id: 2, practitioner_id: 15 },
      { ...base, id: 3, practitioner_id: 15, assistant_ids: [4], start: '2026-11-24T09:00:00+08:00' },
      { ...base, id: 4, status: 'cancelled' as const },
    ];
    expect(mine(list, 4).map((a) => a.id)).toEqual([3, 1]);
  });
});
