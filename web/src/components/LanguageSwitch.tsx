import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage, languages, setLanguage } from '../i18n';
import type { Language } from '../i18n';

/** Globe button with the languages; the choice is remembered in localStorage. */
export default function LanguageSwitch() {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [language],
        items: languages.map((lng) => ({ key: lng, label: t(`language.${lng}`) })),
        onClick: ({ key }) => void setLanguage(key as Language),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={t('layout.language')} data-testid="lang-switch">
        {t(`language.${language}`)}
      </Button>
    </Dropdown>
  );
}
