// The screen locks after 15 minutes without keyboard, pointer or touch activity (DESIGN.md, Auth: idle timeout
// 15 min): the server ends the session at the same point, and an unattended screen must not keep showing a record.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { signOut } from '../api/session.ts';

export const IDLE_LOCK_MS = 15 * 60 * 1000;
const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

export function useIdleLock(enabled: boolean, idleMs: number = IDLE_LOCK_MS): void {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled) return undefined;
    let last = Date.now();
    const touch = () => {
      last = Date.now();
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, touch, { passive: true });
    const timer = window.setInterval(
      () => {
        if (Date.now() - last < idleMs) return;
        window.clearInterval(timer);
        // Forget every record on screen before showing the sign-in page.
        queryClient.clear();
        void signOut()
          .catch(() => undefined)
          .finally(() => void navigate('/sign-in?locked=1', { replace: true }));
      },
      Math.min(idleMs, 15_000),
    );
    return () => {
      window.clearInterval(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, touch);
    };
  }, [enabled, idleMs, navigate, queryClient]);
}
