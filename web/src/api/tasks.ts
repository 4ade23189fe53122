// To-dos (/api/v1/me/tasks, /tasks) and in-app notifications (/api/v1/me/notifications).
// Shapes written from the issue 5 API contract until the OpenAPI document describes them.
import { request } from './client';
import type { Page } from './types';

export type TaskStatus = 'open' | 'done' | 'cancelled';

export interface Task {
  id: number;
  title: string;
  body: string;
  status: TaskStatus;
  due_at: string | null;
  snoozed_until: string | null;
  overdue: boolean;
  assignee_id: number;
  assignee_name: string;
  branch_id: number | null;
  entity: string | null;
  record_id: number | null;
  rule_id: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  done_at: string | null;
  version: number;
}

export interface TaskPage extends Page<Task> {
  total: number;
}

export interface NewTask {
  assignee_id?: number;
  title: string;
  body?: string;
  due_at?: string;
  entity?: string;
  record_id?: number;
}

export interface Notification {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  entity: string | null;
  record_id: number | null;
  created_at: string;
  read_at: string | null;
}

export const myTasks = (status: 'open' | 'done' | 'all', cursor?: string | null) =>
  request<TaskPage>('GET', '/me/tasks', { query: { status, limit: 50, cursor } });

export const createTask = (body: NewTask) => request<Task>('POST', '/tasks', { body });

/** 409 task.version_conflict when `version` is stale. */
export const completeTask = (task: Pick<Task, 'id' | 'version'>) =>
  request<Task>('POST', `/tasks/${task.id}/done`, { body: { version: task.version } });

export const reopenTask = (task: Pick<Task, 'id' | 'version'>) =>
  request<Task>('POST', `/tasks/${task.id}/reopen`, { body: { version: task.version } });

/** `until` in the future and at most 90 days ahead, else 422 task.invalid. */
export const snoozeTask = (task: Pick<Task, 'id' | 'version'>, until: string) =>
  request<Task>('POST', `/tasks/${task.id}/snooze`, { body: { until, version: task.version } });

/** To an active user of the same organisation; 403 task.forbidden without the right to give it away. */
export const reassignTask = (task: Pick<Task, 'id' | 'version'>, userId: number) =>
  request<Task>('POST', `/tasks/${task.id}/reassign`, { body: { user_id: userId, version: task.version } });

export const myNotifications = (cursor?: string | null) =>
  request<Page<Notification> & { unread: number }>('GET', '/me/notifications', { query: { limit: 30, cursor } });

export const unreadCount = () => request<{ count: number }>('GET', '/me/notifications/unread-count');

export const markRead = (id: number) => request<void>('POST', `/me/notifications/${id}/read`);

export const markAllRead = () => request<{ updated: number }>('POST', '/me/notifications/read-all');
