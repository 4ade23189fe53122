import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../../i18n';
import { catalogRoutes, visitRecord } from '../../../test/catalogFixtures';
import { adminUser, installFetch } from '../../../test/fetchMock';
import { renderApp } from '../../../test/renderApp';

const second = { ...visitRecord, id: 8, content: '二次回访', phone: '139****0000', score: 2, customer: null };

function server() {
  return installFetch({
    'GET /api/v1/auth/me': { body: { user: adminUser, csrf_token: 'csrf-1' } },
    ...catalogRoutes,
    'GET /api/v1/data/visit': { body: { items: [visitRecord, second], next_cursor: null } },
    'POST /api/v1/data/visit/bulk-delete': { body: { matched: 2, deleted: 2 } },
  });
}

/** Picks `option` in the antd Select `select` (its root or an element inside it). */
async function choose(select: HTMLElement, option: string) {
  const root = select.closest('.ant-select') ?? select;
  fireEvent.mouseDown(root.querySelector('.ant-select-selector') as HTMLElement);
  const items = await screen.findAllByText(option, { selector: '.ant-select-item-option-content' });
  fireEvent.click(items[items.length - 1]);
}

describe('record list', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows masked values as such and the related record by its label', async () => {
    server();
    renderApp('/data/visit');
    const table = await screen.findByTestId('records-table');
    expect(await within(table).findByText('王丽华')).toBeTruthy();
    expect(within(table).getAllByText('已脱敏')).toHaveLength(2);
  });

  it('sends the filter built from field, operator and value, and links the export to it', async () => {
    const { requests } = server();
    renderApp('/data/visit');
    await screen.findByText('二次回访');
    fireEvent.click(screen.getByTestId('filter-button'));
    const builder = await screen.findByTestId('filter-builder');
    await choose(screen.getByTestId('filter-field-0'), '评分');
    await choose(screen.getByTestId('filter-op-0'), '大于等于');
    fireEvent.change(builder.querySelector('.ant-input-number input') as HTMLInputElement, { target: { value: '4' } });
    fireEvent.click(screen.getByTestId('filter-apply'));
    const filter = JSON.stringify({ field: 'score', op: 'gte', value: 4 });
    await waitFor(() =>
      expect(requests.some((r) => r.path === '/api/v1/data/visit' && new URL(r.url, 'http://x').searchParams.get('filter') === filter)).toBe(true),
    );
    fireEvent.mouseOver(screen.getByTestId('export-button'));
    const link = (await screen.findByTestId('export-xlsx')) as HTMLAnchorElement;
    const url = new URL(link.href);
    expect(url.pathname).toBe('/api/v1/data/visit/export');
    expect(url.searchParams.get('format')).toBe('xlsx');
    expect(url.searchParams.get('filter')).toBe(filter);
  });

  it('deletes the selected records only after confirmation', async () => {
    const { requests } = server();
    renderApp('/data/visit');
    const table = await screen.findByTestId('records-table');
    await within(table).findByText('二次回访');
    fireEvent.click(within(table).getAllByRole('checkbox')[0]);
    fireEvent.click(await screen.findByTestId('bulk-delete'));
    const popup = (await screen.findByText('删除选中的 2 条记录？删除后可在回收站恢复。')).closest('.ant-popover') as HTMLElement;
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
    fireEvent.click(within(popup).getByRole('button', { name: /批量删除/ }));
    await waitFor(() => expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ ids: [7, 8] }));
  });
});
