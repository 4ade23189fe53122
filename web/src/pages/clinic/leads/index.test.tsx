import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../../i18n';
import { adminUser, installFetch } from '../../../test/fetchMock';
import { renderApp } from '../../../test/renderApp';

const lead = { id: 3, version: 4, created_at: '', updated_at: '', name: '程涵', phone: '181****7189', stage: 'contacted', intent: 'high', owner: null, customer: null };

describe('lead board', () => {
  beforeEach(async () => {
    await setLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('asks for the lost reason before moving a lead to 已流失 and sends it with the version', async () => {
    const { requests } = installFetch({
      'GET /api/v1/auth/me': { body: { user: adminUser, csrf_token: 'c' } },
      'GET /api/v1/data/lead': { body: { items: [lead], next_cursor: null } },
      'GET /api/v1/data/staff': { body: { items: [], next_cursor: null } },
      'PATCH /api/v1/data/lead/3': (r) => ({ body: { ...lead, ...(r.body as object), version: 5 } }),
    });
    renderApp('/leads');
    expect((await screen.findByTestId('stage-contacted')).textContent).toContain('程涵');

    fireEvent.click(screen.getByTestId('lead-3-move'));
    fireEvent.click(await screen.findByTestId('lead-3-to-lost'));
    // Nothing is sent until a reason is picked.
    const reason = await screen.findByTestId('lost-reason');
    expect(requests.some((r) => r.method === 'PATCH')).toBe(false);
    fireEvent.mouseDown(reason.querySelector('.ant-select-selector') ?? reason);
    fireEvent.click((await screen.findAllByText('价格', { selector: '.ant-select-item-option-content' }))[0]);
    fireEvent.click(screen.getByRole('button', { name: '标记为流失' }));

    await waitFor(() => expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({ stage: 'lost', version: 4, lost_reason: 'price' }));
    await waitFor(() => expect(screen.getByTestId('stage-lost').textContent).toContain('程涵'));
    expect(screen.getByTestId('stage-contacted').textContent).not.toContain('程涵');
  });
});
