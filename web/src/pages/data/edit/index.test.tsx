import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../../i18n';
import { catalogRoutes, visitRecord } from '../../../test/catalogFixtures';
import { adminUser, installFetch } from '../../../test/fetchMock';
import type { FakeRoutes } from '../../../test/fetchMock';
import { renderApp } from '../../../test/renderApp';

function server(more: FakeRoutes) {
  return installFetch({
    'GET /api/v1/auth/me': { body: { user: adminUser, csrf_token: 'csrf-1' } },
    ...catalogRoutes,
    ...more,
  });
}

const input = (testId: string) => {
  const element = screen.getByTestId(testId);
  return (element.tagName === 'INPUT' ? element : element.querySelector('input')) as HTMLInputElement;
};

describe('record form', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('checks required, phone format and range in the browser and sends nothing', async () => {
    const { requests } = server({});
    renderApp('/data/visit/new');
    await screen.findByTestId('record-form');
    fireEvent.change(input('input-phone'), { target: { value: '1381234' } });
    fireEvent.change(input('input-score'), { target: { value: '9' } });
    fireEvent.click(screen.getByTestId('record-save'));
    expect(await screen.findByText('请填写回访内容')).toBeTruthy();
    expect(await screen.findByText('请输入正确的 11 位手机号码')).toBeTruthy();
    expect(await screen.findByText('不能大于 5')).toBeTruthy();
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it("puts the server's error on the field it names", async () => {
    const { requests } = server({
      'POST /api/v1/data/visit': {
        status: 409,
        body: { error: { code: 'record.duplicate', message: '该值已存在，不能重复', details: { field: 'content', fields: { content: 'duplicate' } } } },
      },
    });
    renderApp('/data/visit/new');
    await screen.findByTestId('record-form');
    fireEvent.change(input('input-content'), { target: { value: '术后回访' } });
    fireEvent.change(input('input-phone'), { target: { value: '+86 138-1234-5678' } });
    fireEvent.click(screen.getByTestId('record-save'));
    const item = (await screen.findByText('该值已存在，不能重复')).closest('.ant-form-item') as HTMLElement;
    expect(within(item).getByText('回访内容')).toBeTruthy();
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ content: '术后回访', phone: '+86 138-1234-5678' });
  });

  it('keeps a masked value unless retyped, sends the version, and explains a conflict', async () => {
    const { requests } = server({
      'GET /api/v1/data/visit/7': { body: visitRecord },
      'PATCH /api/v1/data/visit/7': {
        status: 409,
        body: { error: { code: 'record.version_conflict', message: '记录已被他人修改', details: { version: 4 } } },
      },
    });
    renderApp('/data/visit/7/edit');
    await screen.findByTestId('record-form');
    expect(screen.getByText('当前值 138****5678 已脱敏；留空则保持不变，填写则替换')).toBeTruthy();
    expect(input('input-phone').value).toBe('');
    fireEvent.change(input('input-content'), { target: { value: '二次回访' } });
    fireEvent.click(screen.getByTestId('record-save'));
    expect(await screen.findByText('这条记录刚被其他人修改过。请重新加载，确认最新内容后再修改。')).toBeTruthy();
    await waitFor(() => expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({ content: '二次回访', version: 3 }));
  });
});
