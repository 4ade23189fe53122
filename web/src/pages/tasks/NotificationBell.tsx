// The header's bell: the unread count (polled every 30 s), and a drawer listing in-app notifications —
// click one to open what it links to and mark it read, or mark all read.
import { useCallback, useEffect, useState } from 'react';
import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Empty, Grid, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import * as api from '../../api/tasks';
import type { Notification } from '../../api/tasks';
import { useAuth } from '../../auth/AuthContext';
import LoadMore from '../../components/LoadMore';
import { formatDateTime } from '../../components/format';
import { useCursorList } from '../../components/useCursorList';

export const unreadPollMs = 30_000;

/** The unread count, read now and every 30 s while the page is open; 0 when the server cannot say. */
export function useUnreadCount(): [number, () => void] {
  const [count, setCount] = useState(0);
  const refresh = useCallback(() => {
    api.unreadCount().then(
      (reply) => setCount(reply.count),
      () => undefined, // keep the last count; the next poll tries again
    );
  }, []);
  useEffect(() => {
    refresh();
    const timer = window.setInterval(refresh, unreadPollMs);
    return () => window.clearInterval(timer);
  }, [refresh]);
  return [count, refresh];
}

function NotificationList({ onChanged, onOpen }: { onChanged: () => void; onOpen: (link: string) => void }) {
  const { t, i18n } = useTranslation('tasks');
  const { user } = useAuth();
  const list = useCursorList(useCallback((cursor: string | null) => api.myNotifications(cursor), []));
  const open = async (n: Notification) => {
    if (!n.read_at) {
      await api.markRead(n.id).catch(() => undefined);
      list.replace((item) => item.id === n.id, { ...n, read_at: new Date().toISOString() });
      onChanged();
    }
    const link = n.link ?? (n.entity && n.record_id !== null ? `/data/${n.entity}/${n.record_id}` : null);
    if (link) onOpen(link);
  };
  const readAll = async () => {
    await api.markAllRead().catch(() => undefined);
    onChanged();
    await list.reload();
  };
  return (
    <>
      <Button size="small" onClick={() => void readAll()} disabled={!list.items.some((n) => !n.read_at)} data-testid="notifications-read-all" style={{ marginBottom: 8 }}>
        {t('bell.readAll')}
      </Button>
      {list.items.length === 0 && !list.loading ? (
        <Empty description={t('bell.empty')} />
      ) : (
        <List
          dataSource={list.items}
          loading={list.loading && list.items.length === 0}
          renderItem={(n) => (
            <List.Item onClick={() => void open(n)} style={{ cursor: 'pointer', opacity: n.read_at ? 0.6 : 1 }} data-testid={`notification-${n.id}`}>
              <List.Item.Meta
                avatar={<Badge dot={!n.read_at} />}
                title={<Typography.Text strong={!n.read_at}>{n.title}</Typography.Text>}
                description={
                  <>
                    {n.body && <div style={{ whiteSpace: 'pre-wrap' }}>{n.body}</div>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(n.created_at, user?.org.time_zone, i18n.language)}</Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      {list.hasMore && <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loading} onLoadMore={() => void list.loadMore()} />}
    </>
  );
}

export default function NotificationBell() {
  const { t } = useTranslation('tasks');
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [count, refresh] = useUnreadCount();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="text" aria-label={t('bell.label', { count })} onClick={() => setOpen(true)} data-testid="notification-bell">
        <Badge count={count} size="small" overflowCount={99} data-testid="notification-count">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
      <Drawer
        title={t('bell.title')}
        open={open}
        onClose={() => {
          setOpen(false);
          refresh();
        }}
        width={screens.md === false ? '100%' : 400}
        destroyOnClose
      >
        {open && (
          <NotificationList
            onChanged={refresh}
            onOpen={(link) => {
              setOpen(false);
              navigate(link);
            }}
          />
        )}
      </Drawer>
    </>
  );
}
