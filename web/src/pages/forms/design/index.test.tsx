import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../../i18n';
import { catalogRoutes, visitEntity } from '../../../test/catalogFixtures';
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

/** Picks `option` in the antd Select `select` (its root or an element inside it). */
async function choose(select: HTMLElement, option: string) {
  const root = select.closest('.ant-select') ?? select;
  fireEvent.mouseDown(root.querySelector('.ant-select-selector') as HTMLElement);
  const items = await screen.findAllByText(option, { selector: '.ant-select-item-option-content' });
  fireEvent.click(items[items.length - 1]);
}

const roles = {
  'GET /api/v1/roles': {
    body: {
      items: [
        { id: 1, name: 'admin', label: '管理员', builtin: true, permissions: [], grants: [], version: 1 },
        { id: 2, name: 'nurse', label: '护士', builtin: false, permissions: [], grants: [], version: 1 },
      ],
      next_cursor: null,
    },
  },
};

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

  it('sets visible_if, editable_if, role access and the index, and sends them as options', async () => {
    const { requests } = server({ ...roles, 'PATCH /api/v1/schema/entities/visit/fields/score': { body: {} } });
    renderApp('/forms/visit/design');
    fireEvent.click(await screen.findByTestId('canvas-field-score'));
    fireEvent.click(screen.getByTestId('visible_if-add'));
    await choose(screen.getByTestId('visible_if-field-0'), '回访内容');
    await choose(screen.getByTestId('visible_if-op-0'), '包含');
    fireEvent.change(within(screen.getByTestId('visible_if-editor')).getByRole('textbox'), { target: { value: '术后' } });
    fireEvent.click(screen.getByTestId('editable_if-add'));
    await choose(screen.getByTestId('editable_if-field-0'), '联系电话');
    await choose(screen.getByTestId('editable_if-op-0'), '不为空');
    await choose(await screen.findByTestId('access-nurse'), '只读');
    fireEvent.click(screen.getByTestId('prop-indexed'));
    fireEvent.click(screen.getByTestId('publish'));
    await waitFor(() => expect(requests.some((r) => r.method === 'PATCH')).toBe(true));
    expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({
      options: {
        min: 1,
        max: 5,
        visible_if: { field: 'content', op: 'contains', value: '术后' },
        editable_if: { field: 'phone', op: 'not_empty' },
        access: { nurse: 'read_only' },
        indexed: true,
      },
    });
  });

  it('shows an OR rule read-only, and the server\'s option error on that option', async () => {
    const withOr = {
      ...visitEntity,
      fields: visitEntity.fields.map((f) =>
        f.name === 'content' ? { ...f, options: { visible_if: { or: [{ field: 'score', op: 'gt', value: 3 }, { field: 'phone', op: 'is_empty' }] } } } : f,
      ),
    };
    const { requests } = server({
      ...roles,
      'GET /api/v1/schema/entities/visit': { body: withOr },
      'PATCH /api/v1/schema/entities/visit/fields/content': {
        status: 422,
        body: { error: { code: 'schema.invalid_options', message: '条件中的字段不存在', details: { option: 'visible_if', reason: 'unknown_field' } } },
      },
    });
    renderApp('/forms/visit/design');
    fireEvent.click(await screen.findByTestId('canvas-field-content'));
    expect(screen.getByTestId('visible_if-readonly').textContent).toContain('"or"');
    change('prop-label', '内容');
    fireEvent.click(screen.getByTestId('publish'));
    expect(await screen.findByTestId('canvas-error-content')).toBeTruthy();
    const property = within(screen.getByTestId('field-properties')).getByText('条件中的字段不存在').closest('.ant-form-item') as HTMLElement;
    expect(property.querySelector('[data-testid="visible_if-readonly"]')).toBeTruthy();
    expect(screen.queryByTestId('field-server-error')).toBeNull();
    expect(requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('edits the compound indexes from the indexable fields, asks before dropping a published one, and saves them last', async () => {
    const withIndex = { ...visitEntity, options: { indexes: [['customer', 'score']] } };
    const { requests } = server({
      'GET /api/v1/schema/entities/visit': { body: withIndex },
      'PATCH /api/v1/schema/entities/visit': { body: withIndex },
    });
    renderApp('/forms/visit/design');
    const first = await screen.findByTestId('index-0');
    expect(first.textContent).toContain('按 客户 筛选、按 评分 排序的列表会更快');

    fireEvent.click(screen.getByTestId('index-add'));
    expect(screen.getByTestId('index-1-problem').textContent).toBe('请依次选择 2 或 3 个字段');
    expect((screen.getByTestId('publish') as HTMLButtonElement).disabled).toBe(true);
    await choose(screen.getByTestId('index-1-field-0'), '回访内容');
    expect(screen.queryAllByText('联系电话', { selector: '.ant-select-item-option-content' })).toHaveLength(0);
    await choose(screen.getByTestId('index-1-field-1'), '合计');
    expect(screen.queryByTestId('index-1-problem')).toBeNull();

    fireEvent.click(screen.getByTestId('index-0-remove'));
    expect(await screen.findByText('删除这个组合索引？')).toBeTruthy();
    expect(screen.getByTestId('index-0').textContent).toContain('客户');
    fireEvent.click(screen.getByTestId('index-0-remove-confirm'));
    await waitFor(() => expect(screen.queryByTestId('index-1')).toBeNull());

    fireEvent.click(screen.getByTestId('publish'));
    await waitFor(() => expect(requests.some((r) => r.method === 'PATCH')).toBe(true));
    const writes = requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body)}`);
    expect(writes).toEqual([
      `PATCH /api/v1/schema/entities/visit {"options":{"indexes":[["content","total"]]},"version":${visitEntity.version}}`,
    ]);
  });

  it('publishes nothing over changes another administrator published meanwhile', async () => {
    let reads = 0;
    const { requests } = server({
      'GET /api/v1/schema/entities/visit': () => {
        reads += 1;
        return { body: reads === 1 ? visitEntity : { ...visitEntity, version: visitEntity.version + 1 } };
      },
      'PATCH /api/v1/schema/entities/visit/fields/content': { body: {} },
    });
    renderApp('/forms/visit/design');
    fireEvent.click(await screen.findByTestId('canvas-field-content'));
    change('prop-label', '回访内容（必填）');
    fireEvent.click(screen.getByTestId('publish'));

    expect((await screen.findByTestId('publish-error')).textContent).toContain('已被他人修改并发布');
    expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect((screen.getByTestId('prop-label') as HTMLInputElement).value).toBe('回访内容（必填）');
  });

  it('shows the server refusing the indexes at the indexes, and publishes the indexes alone the next time', async () => {
    const refusal = '选项「indexes」无效：字段「合计」不能加入组合索引（敏感、多值或计算字段）';
    const text = { name: 'text_1', label: '单行文本', type: 'text', required: false, unique: false, sensitive: false, options: {}, position: 6 };
    let added = false;
    let patches = 0;
    const { requests } = server({
      'GET /api/v1/schema/entities/visit': () => ({ body: added ? { ...visitEntity, version: 6, fields: [...visitEntity.fields, text] } : visitEntity }),
      'POST /api/v1/schema/entities/visit/fields': () => {
        added = true;
        return { status: 201, body: text };
      },
      'PATCH /api/v1/schema/entities/visit': () => {
        patches += 1;
        return patches === 1
          ? { status: 422, body: { error: { code: 'schema.invalid_options', message: refusal, details: { option: 'indexes' } } } }
          : { body: visitEntity };
      },
    });
    renderApp('/forms/visit/design');
    fireEvent.click(await screen.findByTestId('palette-text'));
    fireEvent.click(screen.getByTestId('index-add'));
    await choose(screen.getByTestId('index-0-field-0'), '单行文本');
    await choose(screen.getByTestId('index-0-field-1'), '合计');
    fireEvent.click(screen.getByTestId('publish'));

    expect((await screen.findByTestId('indexes-server-error')).textContent).toContain(refusal);
    expect(screen.getByTestId('publish-indexes-error')).toBeTruthy();
    expect(screen.getByTestId('index-0').textContent).toContain('合计');
    await waitFor(() => expect((screen.getByTestId('publish') as HTMLButtonElement).disabled).toBe(false));

    fireEvent.click(screen.getByTestId('publish'));
    await waitFor(() => expect(patches).toBe(2));
    const writes = requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
    expect(writes).toEqual([
      'POST /api/v1/schema/entities/visit/fields',
      'PATCH /api/v1/schema/entities/visit',
      'PATCH /api/v1/schema/entities/visit',
    ]);
  });
});
