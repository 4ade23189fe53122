// The input of an image or file field: antd Upload sending each file to /api/v1/files with a progress
// bar, the field's value being the list of references. Images show as thumbnails (the file's own URL),
// files as download links. At most options.max_count (9 images / 10 files by default, as the server);
// files over 20 MB are refused before sending, and a 413 from the server says the same.
import { useRef, useState } from 'react';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { fileUrl, maxUploadBytes, refsOf, toRef, uploadFile } from '../../api/files';
import type { FileRef } from '../../api/files';
import type { Field } from '../../api/schema';
import { errorMessage } from '../../components/formErrors';

interface Props {
  field: Pick<Field, 'name' | 'type' | 'options'>;
  disabled?: boolean;
  value?: unknown;
  onChange?: (value: unknown) => void;
  id?: string;
}

/** The most references a field of `type` takes. */
export function maxCount(field: Pick<Field, 'type' | 'options'>): number {
  if (field.type === 'signature') return 1;
  const n = Number(field.options.max_count);
  return Number.isInteger(n) && n > 0 ? n : field.type === 'image' ? 9 : 10;
}

interface Pending {
  uid: string;
  name: string;
  percent: number;
}

export default function AttachmentInput({ field, disabled, value, onChange, id }: Props) {
  const { t } = useTranslation('records');
  const image = field.type === 'image';
  const refs = refsOf(value);
  const [pending, setPending] = useState<Pending[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  // The latest value, for uploads finishing after other changes (several files at once).
  const latest = useRef<FileRef[]>(refs);
  latest.current = refs;
  const max = maxCount(field);
  const room = max - refs.length - pending.length;

  const tooLargeText = (name: string) => t('files.tooLarge', { name });
  const upload = async (file: File & { uid: string }) => {
    if (file.size > maxUploadBytes) {
      setErrors((e) => [...e, tooLargeText(file.name)]);
      return;
    }
    setPending((p) => [...p, { uid: file.uid, name: file.name, percent: 0 }]);
    try {
      const saved = await uploadFile(file, file.name, (percent) =>
        setPending((p) => p.map((x) => (x.uid === file.uid ? { ...x, percent } : x))),
      );
      const next = [...latest.current, toRef(saved)];
      latest.current = next;
      onChange?.(next);
    } catch (caught) {
      const text = isApiError(caught) && caught.status === 413 ? tooLargeText(file.name) : `${file.name}: ${errorMessage(caught)}`;
      setErrors((e) => [...e, text]);
    } finally {
      setPending((p) => p.filter((x) => x.uid !== file.uid));
    }
  };

  const fileList: UploadFile[] = [
    ...refs.map((r) => ({ uid: r.id, name: r.name, size: r.size, type: r.type, status: 'done' as const, url: fileUrl(r.id), thumbUrl: image ? fileUrl(r.id) : undefined })),
    ...pending.map((p) => ({ uid: p.uid, name: p.name, status: 'uploading' as const, percent: p.percent })),
  ];

  return (
    <div id={id} data-testid={`input-${field.name}`}>
      <Upload
        listType={image ? 'picture-card' : 'text'}
        accept={image ? 'image/*' : undefined}
        multiple={max > 1}
        disabled={disabled}
        fileList={fileList}
        showUploadList={{ showRemoveIcon: !disabled }}
        beforeUpload={(_file, batch) => {
          // Refuse the files beyond the room left, all at once, instead of failing one by one.
          const index = batch.indexOf(_file);
          if (index >= room) {
            if (index === room) setErrors((e) => [...e, t('files.tooMany', { max })]);
            return Upload.LIST_IGNORE;
          }
          setErrors([]);
          return true;
        }}
        customRequest={({ file }) => void upload(file as File & { uid: string })}
        onRemove={(file) => {
          const next = latest.current.filter((r) => r.id !== file.uid);
          latest.current = next;
          onChange?.(next.length > 0 ? next : null);
          return false;
        }}
      >
        {!disabled && room > 0 &&
          (image ? (
            <button type="button" style={{ border: 0, background: 'none', cursor: 'pointer' }} data-testid={`upload-${field.name}`}>
              <PlusOutlined />
              <div style={{ marginTop: 8 }}>{t('files.addImage')}</div>
            </button>
          ) : (
            <Button icon={<UploadOutlined />} data-testid={`upload-${field.name}`}>
              {t('files.addFile')}
            </Button>
          ))}
      </Upload>
      {pending.map((p) => (
        <div key={p.uid} style={{ fontSize: 12, opacity: 0.7 }} data-testid={`progress-${field.name}`} aria-live="polite">
          {t('files.uploading', { name: p.name, percent: p.percent })}
        </div>
      ))}
      {errors.map((text, i) => (
        <Alert key={i} type="error" showIcon message={text} style={{ marginTop: 8 }} data-testid={`upload-error-${field.name}`} />
      ))}
    </div>
  );
}
