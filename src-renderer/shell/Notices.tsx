// Toasts: errors with their code stay until dismissed; info fades after a few seconds.
import { IconX } from './Icons.tsx';
import { useNoticeStore } from './useNoticeStore.ts';

export function Notices(): React.JSX.Element {
  const notices = useNoticeStore((s) => s.notices);
  const dismiss = useNoticeStore((s) => s.dismiss);
  return (
    <div className="notices" role="region" aria-label="Notifications" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
          {n.code && <code className="error-code">{n.code}</code>}
          <span>{n.text}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            <IconX size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
