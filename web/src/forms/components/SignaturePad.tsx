// The input of a signature field: a canvas drawn on with pointer events (mouse, pen or a finger on a
// phone; touch-action none so the page does not scroll while signing), exported to PNG and uploaded as
// the field's one image. A saved signature shows as its image with a button to sign again.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { fileUrl, refsOf, toRef, uploadFile } from '../../api/files';
import type { Field } from '../../api/schema';
import { errorMessage } from '../../components/formErrors';

interface Props {
  field: Pick<Field, 'name' | 'label'>;
  disabled?: boolean;
  value?: unknown;
  onChange?: (value: unknown) => void;
  id?: string;
}

const height = 180;

function canvasBlob(canvas: HTMLCanvasElement): Promise<Blob | null> {
  return new Promise((resolve) => {
    try {
      canvas.toBlob((blob) => resolve(blob), 'image/png');
    } catch {
      resolve(null);
    }
  });
}

export default function SignaturePad({ field, disabled, value, onChange, id }: Props) {
  const { t } = useTranslation('records');
  const saved = refsOf(value)[0];
  const [signing, setSigning] = useState(!saved);
  const [drawn, setDrawn] = useState(false);
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);

  // Size the bitmap to the element at the screen's pixel ratio so strokes stay sharp.
  useEffect(() => {
    const c = canvas.current;
    if (!signing || !c) return;
    const ratio = window.devicePixelRatio || 1;
    c.width = Math.max(1, Math.round((c.clientWidth || 320) * ratio));
    c.height = Math.round(height * ratio);
    const ctx = c.getContext?.('2d');
    if (!ctx) return;
    ctx.scale(ratio, ratio);
    ctx.lineWidth = 2.5;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#1f1f1f';
  }, [signing]);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  };
  const onDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (disabled) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    last.current = point(e);
  };
  const onMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!last.current) return;
    const p = point(e);
    const ctx = e.currentTarget.getContext?.('2d');
    if (ctx) {
      ctx.beginPath();
      ctx.moveTo(last.current.x, last.current.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
    }
    last.current = p;
    setDrawn(true);
  };
  const onUp = () => {
    last.current = null;
  };
  const clear = () => {
    const c = canvas.current;
    c?.getContext?.('2d')?.clearRect(0, 0, c.width, c.height);
    setDrawn(false);
    setError(null);
  };
  const save = async () => {
    const c = canvas.current;
    const blob = c ? await canvasBlob(c) : null;
    if (!blob) {
      setError(t('files.signatureFailed'));
      return;
    }
    setError(null);
    setPercent(0);
    try {
      const uploaded = await uploadFile(blob, `${field.name}.png`, setPercent);
      onChange?.([toRef({ ...uploaded, type: uploaded.type || 'image/png' })]);
      setSigning(false);
      setDrawn(false);
    } catch (caught) {
      setError(isApiError(caught) && caught.status === 413 ? t('files.tooLarge', { name: `${field.name}.png` }) : errorMessage(caught));
    } finally {
      setPercent(null);
    }
  };

  if (!signing && saved) {
    return (
      <div id={id} data-testid={`input-${field.name}`}>
        <img src={fileUrl(saved.id)} alt={field.label} style={{ maxWidth: '100%', height: 120, border: '1px solid #d9d9d9', borderRadius: 6 }} data-testid={`signature-${field.name}`} />
        {!disabled && (
          <div>
            <Button size="small" style={{ marginTop: 8 }} onClick={() => setSigning(true)} data-testid={`resign-${field.name}`}>
              {t('files.signAgain')}
            </Button>
          </div>
        )}
      </div>
    );
  }
  return (
    <div id={id} data-testid={`input-${field.name}`}>
      <canvas
        ref={canvas}
        aria-label={t('files.signHere')}
        data-testid={`pad-${field.name}`}
        style={{ width: '100%', height, touchAction: 'none', border: '1px dashed #bfbfbf', borderRadius: 6, background: '#fff', display: 'block', cursor: disabled ? 'not-allowed' : 'crosshair' }}
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={onUp}
        onPointerLeave={onUp}
      />
      <Space style={{ marginTop: 8 }} wrap>
        <Button size="small" onClick={clear} disabled={disabled || !drawn}>
          {t('files.clear')}
        </Button>
        <Button size="small" type="primary" onClick={() => void save()} disabled={disabled || !drawn} loading={percent !== null} data-testid={`sign-${field.name}`}>
          {percent !== null ? t('files.uploadingShort', { percent }) : t('files.useSignature')}
        </Button>
        {saved && (
          <Button size="small" onClick={() => { clear(); setSigning(false); }}>
            {t('files.keepSignature')}
          </Button>
        )}
      </Space>
      {!drawn && <div style={{ fontSize: 12, opacity: 0.6, marginTop: 4 }}>{t('files.signHere')}</div>}
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 8 }} data-testid={`upload-error-${field.name}`} />}
    </div>
  );
}
