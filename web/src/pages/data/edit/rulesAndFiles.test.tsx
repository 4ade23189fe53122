import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Entity, Field } from '../../../api/schema';
import { setLanguage } from '../../../i18n';
import { catalogRoutes } from '../../../test/catalogFixtures';
import { adminUser, installFetch } from '../../../test/fetchMock';
import type { FakeRoutes } from '../../../test/fetchMock';
import { renderApp } from '../../../test/renderApp';
import { installXhr } from '../../../test/xhrMock';

const field = (name: string, label: string, type: string, options: Field['options'] = {}): Field => ({
  name,
  label,
  type,
  required: false,
  unique: false,
  sensitive: false,
  options,
});

const consent: Entity = {
  name: 'consent',
  label: '知情同意',
  version: 1,
  options: {},
  referenced_by: [],
  fields: [
    field('kind', '类型', 'select', { choices: [{ key: 'other', label: '其他' }, { key: 'locked', label: '已锁定' }, { key: 'plain', label: '普通' }] }),
    field('reason', '原因', 'text', { visible_if: { field: 'kind', op: 'eq', value: 'other' } }),
    field('amount', '金额', 'integer', { editable_if: { field: 'kind', op: 'ne', value: 'locked' } }),
    field('photos', '照片', 'image', { max_count: 2 }),
    field('doc', '附件', 'file'),
    field('sign', '签名', 'signature'),
  ],
};

const photo = { id: 'photo-0001', name: 'a.png', size: 3, type: 'image/png' };

function server(more: FakeRoutes = {}) {
  return installFetch({
    'GET /api/v1/auth/me': { body: { user: adminUser, csrf_token: 'csrf-1' } },
    ...catalogRoutes,
    'GET /api/v1/schema/entities/consent': { body: consent },
    'POST /api/v1/data/consent': { status: 201, body: { id: 5, version: 1, created_at: '', updated_at: '' } },
    'GET /api/v1/data/consent/5': { body: { id: 5, version: 1, created_at: '', updated_at: '' } },
    ...more,
  });
}

async function choose(select: HTMLElement, option: string) {
  const root = select.closest('.ant-select') ?? select;
  fireEvent.mouseDown(root.querySelector('.ant-select-selector') as HTMLElement);
  const items = await screen.findAllByText(option, { selector: '.ant-select-item-option-content' });
  fireEvent.click(items[items.length - 1]);
}

const amount = () => {
  const element = screen.getByTestId('input-amount');
  return (element.tagName === 'INPUT' ? element : element.querySelector('input')) as HTMLInputElement;
};
const fileInput = (testId: string) => screen.getByTestId(testId).querySelector('input[type="file"]') as HTMLInputElement;
const saveBody = (requests: { method: string; path: string; body: unknown }[]) =>
  requests.find((r) => r.method === 'POST' && r.path === '/api/v1/data/consent')?.body;

describe('record form rules and files', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('shows and locks fields by visible_if / editable_if as the user chooses', async () => {
    const { requests } = server();
    renderApp('/data/consent/new');
    await screen.findByTestId('record-form');
    expect(screen.queryByTestId('input-reason')).toBeNull();
    // kind is empty, so "kind ne locked" is unknown, which (as on the server) does not allow editing.
    expect(amount().disabled).toBe(true);
    await choose(screen.getByTestId('input-kind'), '其他');
    fireEvent.change(await screen.findByTestId('input-reason'), { target: { value: '过敏' } });
    expect(amount().disabled).toBe(false);
    fireEvent.change(amount(), { target: { value: '3' } });
    await choose(screen.getByTestId('input-kind'), '已锁定');
    await waitFor(() => expect(screen.queryByTestId('input-reason')).toBeNull());
    expect(amount().disabled).toBe(true);
    // The hidden reason and the locked amount are not sent: the server would clear / refuse them.
    fireEvent.click(screen.getByTestId('record-save'));
    await waitFor(() => expect(saveBody(requests)).toEqual({ kind: 'locked' }));
  });

  it('uploads an image with the CSRF token, shows its thumbnail and saves its reference', async () => {
    const { requests } = server();
    const { uploads } = installXhr(() => ({ status: 201, body: { ...photo, sha256: 'ab' } }));
    renderApp('/data/consent/new');
    await screen.findByTestId('record-form');
    fireEvent.change(fileInput('input-photos'), { target: { files: [new File(['png'], 'a.png', { type: 'image/png' })] } });
    await waitFor(() => expect(screen.getByTestId('input-photos').querySelector('img[src="/api/v1/files/photo-0001"]')).toBeTruthy());
    expect(uploads).toHaveLength(1);
    expect(uploads[0].url).toBe('/api/v1/files?name=a.png');
    expect(uploads[0].headers['X-CSRF-Token']).toBe('csrf-1');
    expect(uploads[0].headers['Content-Type']).toBe('image/png');
    fireEvent.click(screen.getByTestId('record-save'));
    await waitFor(() => expect(saveBody(requests)).toEqual({ photos: [photo] }));
  });

  it('uploads no more images than max_count and says so', async () => {
    server();
    let n = 0;
    const { uploads } = installXhr(() => ({ status: 201, body: { ...photo, id: `photo-000${(n += 1)}` } }));
    renderApp('/data/consent/new');
    await screen.findByTestId('record-form');
    const files = ['a.png', 'b.png', 'c.png'].map((name) => new File(['png'], name, { type: 'image/png' }));
    fireEvent.change(fileInput('input-photos'), { target: { files } });
    expect((await screen.findByTestId('upload-error-photos')).textContent).toBe('最多 2 个文件，多出的没有上传');
    await waitFor(() => expect(screen.getByTestId('input-photos').querySelectorAll('img')).toHaveLength(2));
    expect(uploads.map((u) => u.url)).toEqual(['/api/v1/files?name=a.png', '/api/v1/files?name=b.png']);
    expect(screen.queryByTestId('upload-photos')).toBeNull();
  });

  it('says a file is over 20 MB when the server answers 413, and keeps nothing', async () => {
    const { requests } = server();
    installXhr(() => ({ status: 413, body: { error: { code: 'file.too_large', message: 'too large', details: {} } } }));
    renderApp('/data/consent/new');
    await screen.findByTestId('record-form');
    fireEvent.change(fileInput('input-doc'), { target: { files: [new File(['x'], 'big.pdf', { type: 'application/pdf' })] } });
    expect((await screen.findByTestId('upload-error-doc')).textContent).toContain('文件超过 20 MB');
    expect(screen.getByTestId('input-doc').querySelector('a')).toBeNull();
    fireEvent.click(screen.getByTestId('record-save'));
    await waitFor(() => expect(saveBody(requests)).toEqual({}));
  });

  it('refuses a file over 20 MB before sending it', async () => {
    server();
    const { uploads } = installXhr(() => ({ status: 201, body: photo }));
    renderApp('/data/consent/new');
    await screen.findByTestId('record-form');
    const big = new File(['x'], 'huge.mp4', { type: 'video/mp4' });
    Object.defineProperty(big, 'size', { value: 21 * 1024 * 1024 });
    fireEvent.change(fileInput('input-doc'), { target: { files: [big] } });
    expect((await screen.findByTestId('upload-error-doc')).textContent).toContain('文件超过 20 MB');
    expect(uploads).toHaveLength(0);
  });

  it('exports the drawn signature to PNG, uploads it and saves it as the one image', async () => {
    const { requests } = server();
    const { uploads } = installXhr(() => ({ status: 201, body: { id: 'sign-00001', name: 'sign.png', size: 3, type: 'image/png' } }));
    const ctx = { scale: vi.fn(), beginPath: vi.fn(), moveTo: vi.fn(), lineTo: vi.fn(), stroke: vi.fn(), clearRect: vi.fn() };
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation((() => ctx) as never);
    vi.spyOn(HTMLCanvasElement.prototype, 'toBlob').mockImplementation(function (this: HTMLCanvasElement, cb: BlobCallback, type?: string) {
      cb(new Blob(['png'], { type: type ?? 'image/png' }));
    });
    renderApp('/data/consent/new');
    await screen.findByTestId('record-form');
    const pad = screen.getByTestId('pad-sign');
    expect((screen.getByTestId('sign-sign') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.pointerDown(pad, { clientX: 10, clientY: 10, pointerId: 1 });
    fireEvent.pointerMove(pad, { clientX: 40, clientY: 30, pointerId: 1 });
    fireEvent.pointerUp(pad, { pointerId: 1 });
    expect(ctx.stroke).toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('sign-sign'));
    expect(await screen.findByTestId('signature-sign')).toBeTruthy();
    expect(uploads[0].url).toBe('/api/v1/files?name=sign.png');
    expect(uploads[0].body.type).toBe('image/png');
    fireEvent.click(screen.getByTestId('record-save'));
    await waitFor(() => expect(saveBody(requests)).toEqual({ sign: [{ id: 'sign-00001', name: 'sign.png', size: 3, type: 'image/png' }] }));
  });

  it('shows images as thumbnails and files as download links on the record page', async () => {
    server({
      'GET /api/v1/data/consent/5': {
        body: { id: 5, version: 1, created_at: '', updated_at: '', photos: [photo], doc: [{ id: 'doc-00001', name: '同意书.pdf', size: 2048, type: 'application/pdf' }] },
      },
    });
    renderApp('/data/consent/5');
    const photos = await screen.findByTestId('value-photos');
    expect(photos.querySelector('img')?.getAttribute('src')).toBe('/api/v1/files/photo-0001');
    const link = within(screen.getByTestId('value-doc')).getByRole('link');
    expect(link.getAttribute('href')).toBe('/api/v1/files/doc-00001');
    expect(link.getAttribute('download')).toBe('同意书.pdf');
    expect(screen.getByTestId('value-doc').textContent).toContain('2 KB');
  });
});
