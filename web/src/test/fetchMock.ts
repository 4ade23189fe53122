// A fake server for unit tests: maps "METHOD /api/v1/path" to a reply and records every request.
import { vi } from 'vitest';

export interface FakeReply {
  status?: number;
  body?: unknown;
}

export type FakeRoutes = Record<string, FakeReply | ((request: RecordedRequest) => FakeReply)>;

export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export function installFetch(routes: FakeRoutes) {
  const requests: RecordedRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const request: RecordedRequest = {
      method,
      url: url.pathname + url.search,
      path: url.pathname,
      headers: { ...(init.headers as Record<string, string>) },
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    };
    requests.push(request);
    const route = routes[`${method} ${url.pathname}`];
    const reply: FakeReply =
      route === undefined
        ? { status: 404, body: { error: { code: 'api.not_found', message: 'not found', details: {} } } }
        : typeof route === 'function'
          ? route(request)
          : route;
    const status = reply.status ?? 200;
    const text = reply.body === undefined ? null : JSON.stringify(reply.body);
    return new Response(status === 204 ? null : text, {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { requests, fetchMock };
}

export const adminUser = {
  id: 1,
  username: 'admin',
  display_name: '系统管理员',
  status: 'active' as const,
  roles: ['admin'],
  permissions: ['*'],
  branch_id: null,
  branch: null,
  org: { id: 1, name: '牡丹医美', time_zone: 'Asia/Shanghai' },
};

export const health = { status: 'ok', version: '0.1.0', schema_version: 3, database: { engine: 'sqlite', ok: true } };

export const unauthenticated: FakeReply = {
  status: 401,
  body: { error: { code: 'auth.unauthenticated', message: '请先登录', details: {} } },
};
