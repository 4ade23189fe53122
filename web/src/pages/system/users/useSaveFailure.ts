import { useCallback } from 'react';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { errorMessage } from '../../../components/formErrors';

/** Reports a failed save of a user. A version conflict means the row on screen is stale: say so and offer
 *  to reload. Anything else (user.last_admin, role.not_found…) shows the server's localised message. */
export function useSaveFailure(onReload: () => void): (caught: unknown) => void {
  const { t } = useTranslation(['system', 'common']);
  const { message, modal } = App.useApp();
  return useCallback(
    (caught: unknown) => {
      if (isApiError(caught) && caught.code === 'user.version_conflict') {
        modal.confirm({
          title: t('system:users.versionConflictTitle'),
          content: t('system:users.versionConflict'),
          okText: t('common:action.reload'),
          cancelText: t('common:action.cancel'),
          onOk: onReload,
        });
        return;
      }
      void message.error(errorMessage(caught));
    },
    [message, modal, onReload, t],
  );
}
