// The time grid of the day and week boards: a time axis, one column per practitioner, room or day,
// and the appointments as cards placed by their times (overlapping cards side by side). A card can be
// dragged to another time or column (dnd-kit); the page decides what the drop means and may refuse.
// A click on a card opens it; a click on an empty cell offers a booking at that time.
import { DndContext, PointerSensor, useDraggable, useDroppable, useSensor, useSensors } from '@dnd-kit/core';
import type { DragEndEvent } from '@dnd-kit/core';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { Spin, Typography, theme } from 'antd';
import type { Appointment } from '../../api/appointments';
import { dropStart, lanes, placement, timeRows } from './grid';
import type { Window } from './grid';
import { hhmm } from './time';
import { statusColor } from './shared/status';

export interface BoardColumn {
  key: string;
  title: ReactNode;
  subtitle?: ReactNode;
}

export interface BoardItem {
  appointment: Appointment;
  column: string;
  start: number;
  end: number;
  /** The practitioner's own card (not an assistant's copy) of an open appointment. */
  draggable: boolean;
  /** Sent to the server, waiting for its answer. */
  pending?: boolean;
  /** An assistant's copy of the card (the appointment shows in its practitioner's column too). */
  copy?: boolean;
}

export interface BoardDrop {
  appointment: Appointment;
  from: string;
  to: string;
  start: number;
}

interface Props {
  columns: readonly BoardColumn[];
  items: readonly BoardItem[];
  window: Window;
  step: number;
  pxPerMin: number;
  /** Minutes since midnight of "now" when the board shows today (a line), else null. */
  now: number | null;
  /** The second line of a card (the room on a practitioner board, the practitioner on a room board). */
  detailOf: (a: Appointment) => string;
  onDrop: (drop: BoardDrop) => void;
  onOpen: (a: Appointment) => void;
  onEmpty?: (column: string, minutes: number) => void;
  /** Scrolled into view when it changes (the day shown): minutes since midnight, or null. */
  focus: { key: string; minutes: number | null };
}

const axisWidth = 56;
const headerHeight = 54;

const palette: Record<string, { bg: string; border: string }> = {
  blue: { bg: '#e6f4ff', border: '#1677ff' },
  cyan: { bg: '#e6fffb', border: '#13c2c2' },
  green: { bg: '#f6ffed', border: '#52c41a' },
  purple: { bg: '#f9f0ff', border: '#722ed1' },
  default: { bg: '#fafafa', border: '#bfbfbf' },
  orange: { bg: '#fff7e6', border: '#fa8c16' },
  red: { bg: '#fff1f0', border: '#ff4d4f' },
};

function Card({ item, lane, of, window, pxPerMin, detail, onOpen }: { item: BoardItem; lane: number; of: number; window: Window; pxPerMin: number; detail: string; onOpen: () => void }) {
  const a = item.appointment;
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({
    id: `${a.id}@${item.column}`,
    data: { item },
    disabled: !item.draggable || item.pending,
  });
  const { top, height } = placement(item.start, item.end, window, pxPerMin);
  const colors = palette[statusColor[a.status]] ?? palette.default;
  return (
    <div
      ref={setNodeRef}
      {...listeners}
      {...attributes}
      role="button"
      onClick={onOpen}
      data-testid={item.copy ? `appt-${a.id}-copy` : `appt-${a.id}`}
      data-status={a.status}
      title={`${hhmm(item.start)}-${hhmm(item.end)} ${a.customer_name ?? ''} ${a.service_name ?? ''}`}
      style={{
        position: 'absolute',
        top,
        height,
        left: `calc(${(lane / of) * 100}% + 2px)`,
        width: `calc(${100 / of}% - 4px)`,
        background: colors.bg,
        borderLeft: `3px solid ${colors.border}`,
        borderRadius: 4,
        padding: '2px 6px',
        fontSize: 12,
        lineHeight: '16px',
        overflow: 'hidden',
        cursor: item.draggable ? 'grab' : 'pointer',
        opacity: item.pending ? 0.6 : a.status === 'cancelled' ? 0.55 : 1,
        zIndex: isDragging ? 20 : 2,
        boxShadow: isDragging ? '0 4px 12px rgba(0,0,0,.2)' : undefined,
        transform: transform ? `translate3d(${transform.x}px, ${transform.y}px, 0)` : undefined,
        touchAction: 'none',
      }}
    >
      <div style={{ fontWeight: 600, whiteSpace: 'nowrap' }}>
        {hhmm(item.start)} {a.customer_name ?? `#${a.customer_id}`} {item.pending && <Spin size="small" />}
      </div>
      <div style={{ whiteSpace: 'nowrap', color: '#595959' }}>{a.service_name}</div>
      {height > 40 && detail && <div style={{ whiteSpace: 'nowrap', color: '#8c8c8c' }}>{detail}</div>}
    </div>
  );
}

function Column({ column, children, height, step, pxPerMin, window, onEmpty }: { column: BoardColumn; children: ReactNode; height: number; step: number; pxPerMin: number; window: Window; onEmpty?: (column: string, minutes: number) => void }) {
  const { token } = theme.useToken();
  const { setNodeRef, isOver } = useDroppable({ id: column.key });
  const stepPx = step * pxPerMin;
  const hourPx = 60 * pxPerMin;
  return (
    <div style={{ flex: '1 0 150px', minWidth: 150, borderLeft: `1px solid ${token.colorBorderSecondary}` }}>
      <div style={{ height: headerHeight, padding: '4px 8px', borderBottom: `1px solid ${token.colorBorder}`, background: token.colorBgContainer, position: 'sticky', top: 0, zIndex: 5, overflow: 'hidden' }}>
        <div style={{ fontWeight: 600, whiteSpace: 'nowrap' }}>{column.title}</div>
        {column.subtitle && (
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
            {column.subtitle}
          </Typography.Text>
        )}
      </div>
      <div
        ref={setNodeRef}
        data-testid={`col-${column.key}`}
        onClick={(e) => {
          if (!onEmpty || e.target !== e.currentTarget) return;
          const y = e.clientY - e.currentTarget.getBoundingClientRect().top;
          onEmpty(column.key, window.start + Math.floor(y / stepPx) * step);
        }}
        style={{
          position: 'relative',
          height,
          cursor: onEmpty ? 'copy' : undefined,
          backgroundColor: isOver ? token.colorPrimaryBg : undefined,
          backgroundImage: `repeating-linear-gradient(to bottom, ${token.colorBorderSecondary} 0, ${token.colorBorderSecondary} 1px, transparent 1px, transparent ${hourPx}px), repeating-linear-gradient(to bottom, ${token.colorFillQuaternary} 0, ${token.colorFillQuaternary} 1px, transparent 1px, transparent ${stepPx}px)`,
        }}
      >
        {children}
      </div>
    </div>
  );
}

export default function Board({ columns, items, window, step, pxPerMin, now, detailOf, onDrop, onOpen, onEmpty, focus }: Props) {
  const { token } = theme.useToken();
  const scroller = useRef<HTMLDivElement>(null);
  // Brings the morning's first booking (or now) into view once per day shown, not on every refresh.
  const focused = useRef<string | null>(null);
  useEffect(() => {
    if (focus.minutes === null || focused.current === focus.key || !scroller.current) return;
    focused.current = focus.key;
    scroller.current.scrollTop = Math.max(0, (focus.minutes - window.start - 30) * pxPerMin);
  }, [focus.key, focus.minutes, window.start, pxPerMin]);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }));
  const height = (window.end - window.start) * pxPerMin;
  const hours = timeRows(window, 60);

  const onDragEnd = (event: DragEndEvent) => {
    const item = (event.active.data.current as { item?: BoardItem } | undefined)?.item;
    if (!item) return;
    const to = typeof event.over?.id === 'string' ? event.over.id : item.column;
    const start = dropStart({ start: item.start, duration: item.end - item.start, deltaY: event.delta.y, pxPerMin, step, window });
    if (start === item.start && to === item.column) return;
    onDrop({ appointment: item.appointment, from: item.column, to, start });
  };

  return (
    <DndContext sensors={sensors} onDragEnd={onDragEnd}>
      <div ref={scroller} style={{ display: 'flex', overflow: 'auto', maxHeight: 'calc(100vh - 230px)', border: `1px solid ${token.colorBorderSecondary}`, borderRadius: 6 }} data-testid="board">
        <div style={{ width: axisWidth, flex: `0 0 ${axisWidth}px`, position: 'sticky', left: 0, zIndex: 6, background: token.colorBgContainer }}>
          <div style={{ height: headerHeight, borderBottom: `1px solid ${token.colorBorder}`, position: 'sticky', top: 0, background: token.colorBgContainer, zIndex: 7 }} />
          <div style={{ position: 'relative', height }}>
            {hours.map((m) => (
              <div key={m} style={{ position: 'absolute', top: (m - window.start) * pxPerMin, right: 6, fontSize: 12, color: token.colorTextSecondary, transform: m === window.start ? undefined : 'translateY(-50%)' }}>
                {hhmm(m)}
              </div>
            ))}
          </div>
        </div>
        {columns.map((column) => {
          const mine = items.filter((i) => i.column === column.key);
          const placed = lanes(mine.map((i) => ({ id: i.appointment.id, start: i.start, end: i.end })));
          return (
            <Column key={column.key} column={column} height={height} step={step} pxPerMin={pxPerMin} window={window} onEmpty={onEmpty}>
              {now !== null && now >= window.start && now <= window.end && (
                <div style={{ position: 'absolute', left: 0, right: 0, top: (now - window.start) * pxPerMin, borderTop: `2px solid ${token.colorError}`, zIndex: 4, pointerEvents: 'none' }} />
              )}
              {mine.map((item) => {
                const lane = placed.get(item.appointment.id) ?? { lane: 0, of: 1 };
                return (
                  <Card
                    key={item.appointment.id}
                    item={item}
                    lane={lane.lane}
                    of={lane.of}
                    window={window}
                    pxPerMin={pxPerMin}
                    detail={detailOf(item.appointment)}
                    onOpen={() => onOpen(item.appointment)}
                  />
                );
              })}
            </Column>
          );
        })}
      </div>
    </DndContext>
  );
}
