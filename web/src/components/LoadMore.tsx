import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** The footer of a cursor-paginated table. */
export default function LoadMore({ count, hasMore, loading, onLoadMore }: {
  count: number;
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Space style={{ width: '100%', justifyContent: 'center' }}>
      <Typography.Text type="secondary">{t('list.loaded', { count })}</Typography.Text>
      {hasMore ? (
        <Button onClick={onLoadMore} loading={loading} data-testid="load-more">
          {t('action.loadMore')}
        </Button>
      ) : (
        <Typography.Text type="secondary">{t('list.noMore')}</Typography.Text>
      )}
    </Space>
  );
}
