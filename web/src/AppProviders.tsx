import type { ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { AuthProvider } from './auth/AuthContext';
import './i18n';

export const themeConfig = {
  token: { colorPrimary: '#c41d7f', borderRadius: 6 },
};

/** Everything a page needs around it except the router: antd locale and theme, message/modal
 *  context, and the session. Tests wrap pages in this inside a MemoryRouter. */
export default function AppProviders({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en-US' ? enUS : zhCN} theme={themeConfig}>
      <AntApp>
        <AuthProvider>{children}</AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}
