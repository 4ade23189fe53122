import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../../i18n';
import { catalogRoutes } from '../../../test/catalogFixtures';
import { adminUser, installFetch } from '../../../test/fetchMock';
import type { RecordedRequest } from '../../../test/fetchMock';
import { renderApp } from '../../../test/renderApp';

const columns = [
  { header: '内容', field: 'content', label: '回访内容' },
  { header: '电话', field: 'phone', label: '联系电话' },
  { header: '备注', field: null, label: null },
];
const base = { id: 'job1', dry_run: true, committed: false, total_rows: 3, created: 0, updated: 0, skipped: 0, columns, preview: [] };
const withErrors = {
  ...base,
  status: 'done',
  error_count: 1,
  errors: [{ row: 3, column: '电话', field: 'phone', code: 'record.invalid_value', message: '请输入正确的 11 位手机号码' }],
};
const clean = { ...base, status: 'done', error_count: 0, errors: [] };

function upload(name: string) {
  const input = document.querySelector('input[type=file]') as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File(['内容,电话\n'], name, { type: 'text/csv' })] } });
}

const query = (r: RecordedRequest) => new URL(r.url, 'http://x').searchParams;

describe('import wizard', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('refuses files that are not .csv or .xlsx', async () => {
    const { requests } = installFetch({ 'GET /api/v1/auth/me': { body: { user: adminUser, csrf_token: 'c' } }, ...catalogRoutes });
    renderApp('/data/visit/import');
    await screen.findByTestId('import-check');
    upload('customers.xls');
    expect(await screen.findByText('只能导入 .xlsx 或 .csv 文件')).toBeTruthy();
    expect((screen.getByTestId('import-check') as HTMLButtonElement).disabled).toBe(true);
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('shows the mapping and the bad rows of a dry run, re-checks an edited mapping, commits and polls', async () => {
    let dryRuns = 0;
    const { requests } = installFetch({
      'GET /api/v1/auth/me': { body: { user: adminUser, csrf_token: 'c' } },
      ...catalogRoutes,
      'POST /api/v1/data/visit/import': (r) => {
        if (query(r).get('dry_run') === 'false') return { status: 202, body: { ...clean, dry_run: false, status: 'running', progress: { done: 1, total: 3 } } };
        dryRuns += 1;
        return { body: dryRuns === 1 ? withErrors : clean };
      },
      'GET /api/v1/data/visit/import/job1': { body: { ...clean, dry_run: false, committed: true, created: 3 } },
    });
    renderApp('/data/visit/import');
    await screen.findByTestId('import-check');
    upload('回访.csv');
    fireEvent.click(screen.getByTestId('import-check'));

    const errors = await screen.findByTestId('import-errors');
    expect(within(errors).getByText('请输入正确的 11 位手机号码')).toBeTruthy();
    expect((screen.getByTestId('import-commit') as HTMLButtonElement).disabled).toBe(true);
    expect(query(requests.find((r) => r.method === 'POST') as RecordedRequest).get('dry_run')).toBe('true');

    // Skip the phone column: the mapping is sent with the next dry run.
    const select = screen.getByTestId('mapping-电话').closest('.ant-select') as HTMLElement;
    fireEvent.mouseDown(select.querySelector('.ant-select-selector') as HTMLElement);
    const skip = await screen.findAllByText('（不导入）', { selector: '.ant-select-item-option-content' });
    fireEvent.click(skip[skip.length - 1]);
    fireEvent.click(await screen.findByTestId('import-recheck'));
    await waitFor(() => expect((screen.getByTestId('import-commit') as HTMLButtonElement).disabled).toBe(false));
    const second = requests.filter((r) => r.method === 'POST')[1];
    expect(JSON.parse(query(second).get('mapping') ?? '{}')).toEqual({ 内容: 'content', 电话: null, 备注: null });

    fireEvent.click(screen.getByTestId('import-commit'));
    expect(await screen.findByText('新增 3 条，更新 0 条，跳过 0 条')).toBeTruthy();
    const commit = requests.filter((r) => r.method === 'POST')[2];
    expect(query(commit).get('dry_run')).toBe('false');
    expect(query(commit).get('async')).toBe('true');
    expect(requests.some((r) => r.path === '/api/v1/data/visit/import/job1')).toBe(true);
  });
});
