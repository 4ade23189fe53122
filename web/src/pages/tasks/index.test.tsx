import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Task } from '../../api/tasks';
import { setLanguage } from '../../i18n';
import { adminUser, installFetch } from '../../test/fetchMock';
import { renderApp } from '../../test/renderApp';

const task = (id: number, change: Partial<Task> = {}): Task => ({
  id,
  title: `待办 ${id}`,
  body: '',
  status: 'open',
  due_at: '2026-03-01T01:00:00Z',
  snoozed_until: null,
  overdue: false,
  assignee_id: 1,
  assignee_name: '系统管理员',
  branch_id: null,
  entity: null,
  record_id: null,
  rule_id: null,
  created_by: null,
  created_at: '2026-02-01T00:00:00Z',
  updated_at: '2026-02-01T00:00:00Z',
  done_at: null,
  version: 3,
  ...change,
});

function server() {
  let open = [task(1, { title: '年度复查：王丽华', overdue: true, entity: 'customer', record_id: 12 }), task(2)];
  return installFetch({
    'GET /api/v1/auth/me': { body: { user: adminUser, csrf_token: 'c' } },
    'GET /api/v1/me/notifications/unread-count': { body: { count: 3 } },
    'GET /api/v1/me/tasks': () => ({ body: { items: open, next_cursor: null, total: open.length } }),
    'POST /api/v1/tasks/1/done': () => {
      open = open.filter((t) => t.id !== 1);
      return { body: task(1, { status: 'done' }) };
    },
    'POST /api/v1/tasks/2/snooze': () => {
      open = open.filter((t) => t.id !== 2);
      return { body: task(2) };
    },
  });
}

describe('to-do inbox', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('highlights overdue to-dos, links the record and marks one done with its version', async () => {
    const { requests } = server();
    renderApp('/tasks');
    expect(await screen.findByTestId('task-1-overdue')).toBeTruthy();
    expect(screen.queryByTestId('task-2-overdue')).toBeNull();
    expect(screen.getByTestId('task-1-record').getAttribute('href')).toBe('/data/customer/12');
    fireEvent.click(screen.getByTestId('task-1-done'));
    await waitFor(() => expect(screen.queryByTestId('task-1')).toBeNull());
    expect(requests.find((r) => r.path === '/api/v1/tasks/1/done')?.body).toEqual({ version: 3 });
    expect(screen.getByTestId('task-2')).toBeTruthy();
  });

  it('snoozes until tomorrow 9:00 in the organisation’s zone', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-03-10T17:30:00Z') });
    try {
      const { requests } = server();
      renderApp('/tasks');
      fireEvent.click(await screen.findByTestId('task-2-snooze'));
      fireEvent.click(await screen.findByTestId('task-2-snooze-tomorrow'));
      await waitFor(() => expect(requests.find((r) => r.path === '/api/v1/tasks/2/snooze')?.body).toEqual({ until: '2026-03-12T01:00:00.000Z', version: 3 }));
      await waitFor(() => expect(screen.queryByTestId('task-2')).toBeNull());
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows the unread notification count on the bell', async () => {
    server();
    renderApp('/tasks');
    await waitFor(() => expect(screen.getByTestId('notification-bell').getAttribute('aria-label')).toBe('通知（3 条未读）'));
  });
});
