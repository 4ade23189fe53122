import { useRef } from 'react';

/** `value`, or while it is null the last non-null one: a modal keeps its content while it fades out after
 *  its subject was cleared, instead of flashing empty. */
export function useLastValue<T>(value: T | null): T | null {
  const last = useRef(value);
  if (value !== null) last.current = value;
  return last.current;
}
