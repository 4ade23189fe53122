// An image, file or signature field's value on a record page: image thumbnails (click to preview),
// signatures as their image, files as download links with their size.
import { PaperClipOutlined } from '@ant-design/icons';
import { Image, Space } from 'antd';
import { fileUrl, refsOf } from '../../api/files';
import type { Field } from '../../api/schema';

/** "1.2 MB", "340 KB", "12 B". */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

export default function AttachmentView({ field, value }: { field: Pick<Field, 'name' | 'type' | 'label'>; value: unknown }) {
  const refs = refsOf(value);
  if (refs.length === 0) return <span data-testid={`value-${field.name}`} />;
  if (field.type === 'image' || field.type === 'signature') {
    return (
      <span data-testid={`value-${field.name}`}>
        <Image.PreviewGroup>
          <Space wrap>
            {refs.map((r) => (
              <Image
                key={r.id}
                src={fileUrl(r.id)}
                alt={r.name}
                height={field.type === 'signature' ? 80 : 72}
                width={field.type === 'signature' ? undefined : 72}
                style={{ objectFit: field.type === 'signature' ? 'contain' : 'cover', borderRadius: 4 }}
              />
            ))}
          </Space>
        </Image.PreviewGroup>
      </span>
    );
  }
  return (
    <span data-testid={`value-${field.name}`}>
      {refs.map((r) => (
        <div key={r.id}>
          <a href={fileUrl(r.id)} download={r.name} target="_blank" rel="noreferrer">
            <PaperClipOutlined /> {r.name}
          </a>{' '}
          <span style={{ opacity: 0.6 }}>{formatSize(r.size)}</span>
        </div>
      ))}
    </span>
  );
}
