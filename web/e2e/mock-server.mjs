// A throwaway in-memory stand-in for the peony server: serves web/dist with SPA fallback and the
// /api/v1 endpoints the web shell uses, so the browser runner can be checked without the C++ server.
// Never used by the real e2e run (run.mjs only talks to PEONY_E2E_URL).
//
//   node e2e/mock-server.mjs [port]        (admin password: PEONY_MOCK_ADMIN_PASSWORD or Admin12345)
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png', '.ico': 'image/x-icon' };
const messages = {
  'auth.invalid_credentials': ['用户名或密码错误', 'Wrong username or password'],
  'auth.locked': ['登录失败次数过多，账号已锁定，请稍后再试', 'Too many failed sign-ins; the account is locked for a while'],
  'auth.unauthenticated': ['请先登录', 'Please sign in first'],
  'auth.csrf': ['请求校验失败，请刷新页面', 'Request check failed; reload the page'],
  'auth.forbidden': ['没有权限', 'Not allowed'],
  'auth.wrong_password': ['当前密码不正确', 'The current password is wrong'],
  'auth.weak_password': ['密码至少 8 位，须同时包含字母和数字', 'At least 8 characters with letters and digits'],
  'user.username_taken': ['用户名已被占用', 'That username is taken'],
  'validation.failed': ['请检查填写的内容', 'Please check the form'],
  'request.bad': ['请求格式错误', 'Malformed request'],
  'api.not_found': ['接口不存在', 'No such endpoint'],
};

export function createMockServer({ dist = path.join(here, '..', 'dist'), adminPassword = 'Admin12345' } = {}) {
  const org = { id: 1, name: '牡丹医美（演示）', time_zone: 'Asia/Shanghai' };
  const roles = [
    { id: 1, name: 'admin', label: '管理员', permissions: ['*'] },
    { id: 2, name: 'manager', label: '店长', permissions: ['user.read', 'role.read', 'audit.read'] },
    { id: 3, name: 'front_desk', label: '前台', permissions: [] },
  ];
  const now = () => new Date().toISOString();
  const users = [
    { id: 1, username: 'admin', display_name: '系统管理员', status: 'active', roles: ['admin'], branch_id: null, created_at: now(), password: adminPassword, failures: 0 },
    { id: 2, username: 'reception', display_name: '前台小王', status: 'active', roles: ['front_desk'], branch_id: 1, created_at: now(), password: adminPassword, failures: 0 },
  ];
  const sessions = new Map();
  const audit = [];
  let auditId = 0;

  const permissionsOf = (user) => [...new Set(user.roles.flatMap((name) => roles.find((r) => r.name === name)?.permissions ?? []))];
  const can = (user, needed) => permissionsOf(user).some((p) => p === '*' || p === needed);
  const publicUser = (u) => ({ id: u.id, username: u.username, display_name: u.display_name, status: u.status, roles: u.roles, permissions: permissionsOf(u), branch_id: u.branch_id, org });
  const row = (u) => ({ id: u.id, username: u.username, display_name: u.display_name, status: u.status, roles: u.roles, branch_id: u.branch_id, created_at: u.created_at });
  const record = (req, actor, action, target) => audit.unshift({ id: ++auditId, at: now(), actor, action, target, ip: req.socket.remoteAddress ?? '' });
  const page = (items, url) => {
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 50) || 50, 500);
    const offset = Number(url.searchParams.get('cursor') ?? 0) || 0;
    const next = offset + limit < items.length ? String(offset + limit) : null;
    return { items: items.slice(offset, offset + limit), next_cursor: next };
  };

  function send(res, status, body, headers = {}) {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
    res.end(text);
  }
  function fail(req, res, status, code, details = {}) {
    const english = (req.headers['accept-language'] ?? '').startsWith('en');
    const [zh, en] = messages[code];
    send(res, status, { error: { code, message: english ? en : zh, details } });
  }
  async function body(req) {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    try {
      const value = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
      return typeof value === 'object' && value !== null ? value : null;
    } catch {
      return null;
    }
  }
  function session(req) {
    const match = /(?:^|;\s*)peony_session=([^;]+)/.exec(req.headers.cookie ?? '');
    const s = match ? sessions.get(match[1]) : undefined;
    return s ? { id: match[1], ...s, user: users.find((u) => u.id === s.userId) } : null;
  }
  const strong = (p) => typeof p === 'string' && p.length >= 8 && /[A-Za-z]/.test(p) && /\d/.test(p);

  async function api(req, res, url) {
    const route = `${req.method} ${url.pathname.slice('/api/v1'.length)}`;
    if (route === 'GET /health') return send(res, 200, { status: 'ok', version: '0.1.0-mock', schema_version: 1, database: { engine: 'sqlite', ok: true } });
    if (route === 'POST /auth/login') {
      const b = await body(req);
      if (!b || typeof b.username !== 'string' || typeof b.password !== 'string') return fail(req, res, 400, 'request.bad');
      const user = users.find((u) => u.username === b.username);
      if (user && user.failures >= 5) return fail(req, res, 423, 'auth.locked', { retry_after_s: 900 });
      if (!user || user.password !== b.password || user.status !== 'active') {
        if (user) user.failures += 1;
        record(req, b.username, 'auth.login_failed', b.username);
        return fail(req, res, 401, 'auth.invalid_credentials');
      }
      user.failures = 0;
      const id = randomBytes(18).toString('base64url');
      const csrf = randomBytes(18).toString('base64url');
      sessions.set(id, { userId: user.id, csrf });
      record(req, user.username, 'auth.login', user.username);
      return send(res, 200, { user: publicUser(user), csrf_token: csrf }, { 'Set-Cookie': `peony_session=${id}; Path=/; HttpOnly; SameSite=Lax` });
    }
    const s = session(req);
    if (!s) return fail(req, res, 401, 'auth.unauthenticated');
    if (req.method !== 'GET' && req.headers['x-csrf-token'] !== s.csrf) return fail(req, res, 403, 'auth.csrf');
    if (route === 'GET /auth/me') return send(res, 200, { user: publicUser(s.user), csrf_token: s.csrf });
    if (route === 'POST /auth/logout') {
      sessions.delete(s.id);
      record(req, s.user.username, 'auth.logout', s.user.username);
      res.writeHead(204, { 'Set-Cookie': 'peony_session=; Path=/; HttpOnly; Max-Age=0' });
      return res.end();
    }
    if (route === 'POST /auth/password') {
      const b = await body(req);
      if (!b) return fail(req, res, 400, 'request.bad');
      if (b.old_password !== s.user.password) return fail(req, res, 401, 'auth.wrong_password');
      if (!strong(b.new_password)) return fail(req, res, 422, 'auth.weak_password');
      s.user.password = b.new_password;
      record(req, s.user.username, 'auth.password_changed', s.user.username);
      res.writeHead(204);
      return res.end();
    }
    const needs = { 'GET /users': 'user.read', 'POST /users': 'user.write', 'GET /roles': 'role.read', 'GET /audit': 'audit.read' }[route];
    if (!needs) return fail(req, res, 404, 'api.not_found');
    if (!can(s.user, needs)) return fail(req, res, 403, 'auth.forbidden');
    if (route === 'GET /users') return send(res, 200, page(users.map(row), url));
    if (route === 'GET /roles') return send(res, 200, { items: roles });
    if (route === 'GET /audit') return send(res, 200, page(audit, url));
    const b = await body(req);
    if (!b || typeof b.username !== 'string') return fail(req, res, 400, 'request.bad');
    if (users.some((u) => u.username === b.username)) return fail(req, res, 409, 'user.username_taken');
    if (!strong(b.password)) return fail(req, res, 422, 'validation.failed', { fields: { password: messages['auth.weak_password'][0] } });
    const user = { id: users.length + 1, username: b.username, display_name: String(b.display_name ?? ''), status: 'active', roles: Array.isArray(b.roles) ? b.roles.map(String) : [], branch_id: typeof b.branch_id === 'number' ? b.branch_id : null, created_at: now(), password: b.password, failures: 0 };
    users.push(user);
    record(req, s.user.username, 'user.create', user.username);
    return send(res, 201, row(user));
  }

  async function serveFile(res, url) {
    const wanted = path.normalize(path.join(dist, decodeURIComponent(url.pathname)));
    const file = wanted.startsWith(dist + path.sep) && (await stat(wanted).catch(() => null))?.isFile() ? wanted : path.join(dist, 'index.html');
    try {
      const data = await readFile(file);
      res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' });
      res.end(data);
    } catch {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('web/dist is missing: run npm run build first\n');
    }
  }

  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://mock');
    const handle = url.pathname.startsWith('/api/') ? api(req, res, url) : serveFile(res, url);
    handle.catch((error) => {
      console.error(error);
      if (!res.headersSent) send(res, 500, { error: { code: 'internal', message: String(error), details: {} } });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? process.env.PEONY_MOCK_PORT ?? 18080);
  const server = createMockServer({ adminPassword: process.env.PEONY_MOCK_ADMIN_PASSWORD ?? 'Admin12345' });
  server.listen(port, '127.0.0.1', () => console.log(`mock peony on http://127.0.0.1:${port}`));
}
