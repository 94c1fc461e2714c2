// Engine status for the status bar: /health and /info every 2 s until the models are in, then every 15 s.
import { useEffect } from 'react';
import type { ApiClient } from '../../src-shared/api-client.ts';
import { useSettingsStore } from '../settings/useSettingsStore.ts';

export function useEngineStatus(api: ApiClient): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const tick = async (): Promise<void> => {
      const s = useSettingsStore.getState();
      await s.refreshEngine(api);
      if (stopped) return;
      const ready =
        useSettingsStore.getState().health?.status === 'ok' && !useSettingsStore.getState().offline;
      timer = setTimeout(() => void tick(), ready ? 15_000 : 2_000);
    };
    void tick();
    void useSettingsStore
      .getState()
      .refreshProfiles(api)
      .catch(() => undefined);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api]);
}
