import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../../i18n';
import { catalogRoutes } from '../../../test/catalogFixtures';
import { adminUser, installFetch } from '../../../test/fetchMock';
import type { FakeRoutes } from '../../../test/fetchMock';
import { renderApp } from '../../../test/renderApp';

const notFound = {
  status: 404,
  body: { error: { code: 'schema.entity_not_found', message: '表单不存在：followup', details: { entity: 'followup' } } },
};

function server(more: FakeRoutes) {
  return installFetch({
    'GET /api/v1/auth/me': { body: { user: adminUser, csrf_token: 'csrf-1' } },
    ...catalogRoutes,
    'GET /api/v1/schema/entities/followup': notFound,
    ...more,
  });
}

const change = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('form designer', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('creates a new entity with the fields in canvas order and shows a formula error where the server points', async () => {
    const { requests } = server({
      'POST /api/v1/schema/entities': {
        status: 422,
        body: { error: { code: 'schema.invalid_formula', message: '公式第 4 个字附近有错误', details: { position: 3 } } },
      },
    });
    renderApp('/forms/followup/design?new=1&label=%E5%9B%9E%E8%AE%BF');
    fireEvent.click(await screen.findByTestId('palette-text'));
    change('prop-label', '内容');
    change('prop-name', 'content');
    fireEvent.click(screen.getByTestId('palette-formula'));
    change('prop-label', '合计');
    change('prop-expression', '{内容} + 1');
    fireEvent.click(screen.getByTestId('publish'));

    expect(await screen.findByTestId('canvas-error-formula_1')).toBeTruthy();
    expect(screen.getByTestId('formula-position').querySelector('mark')?.textContent).toBe('}');
    const post = requests.find((r) => r.method === 'POST');
    expect(post?.body).toMatchObject({
      name: 'followup',
      label: '回访',
      fields: [
        { name: 'content', label: '内容', type: 'text', position: 1 },
        { name: 'formula_1', label: '合计', type: 'formula', options: { expression: '{内容} + 1', result_type: 'number' }, position: 2 },
      ],
    });
  });

  it('does not publish while a field has a problem', async () => {
    const { requests } = server({});
    renderApp('/forms/followup/design?new=1&label=x');
    fireEvent.click(await screen.findByTestId('palette-relation'));
    expect(await screen.findByText('请选择要关联的表单')).toBeTruthy();
    expect((screen.getByTestId('publish') as HTMLButtonElement).disabled).toBe(true);
    expect(requests.some((r) => r.method !== 'GET')).toBe(false);
  });

  it('retires a removed field only after confirmation, then patches what changed', async () => {
    const { requests } = server({
      'DELETE /api/v1/schema/entities/visit/fields/phone': { status: 204 },
      'PATCH /api/v1/schema/entities/visit/fields/content': { body: {} },
      'PATCH /api/v1/schema/entities/visit/fields/score': { body: {} },
      'PATCH /api/v1/schema/entities/visit/fields/total': { body: {} },
    });
    renderApp('/forms/visit/design');
    fireEvent.click(await screen.findByTestId('remove-phone'));
    fireEvent.click(screen.getByTestId('canvas-field-content'));
    change('prop-label', '回访内容（必填）');
    fireEvent.click(screen.getByTestId('publish'));
    expect(await screen.findByText(/以下字段将从表单和列表中隐藏：联系电话/)).toBeTruthy();
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);
    fireEvent.click(screen.getByTestId('confirm-retire'));
    await waitFor(() => expect(requests.filter((r) => r.method !== 'GET').length).toBe(4));
    const writes = requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body ?? null)}`);
    expect(writes).toEqual([
      'DELETE /api/v1/schema/entities/visit/fields/phone null',
      'PATCH /api/v1/schema/entities/visit/fields/content {"label":"回访内容（必填）"}',
      'PATCH /api/v1/schema/entities/visit/fields/score {"position":3}',
      'PATCH /api/v1/schema/entities/visit/fields/total {"position":4}',
    ]);
  });
});
