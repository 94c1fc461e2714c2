// What the engine says about itself (/health, /info), its profiles and hot folders, and edits to them.
import { create } from 'zustand';
import type { ApiClient } from '../../src-shared/api-client.ts';
import type { Health, HotFolder, HotFolderInput, Info, Profile } from '../../src-shared/api-schemas.ts';

interface SettingsState {
  readonly health: Health | undefined;
  /** The engine could not be reached at the last check. */
  readonly offline: boolean;
  readonly info: Info | undefined;
  readonly profiles: readonly Profile[];
  readonly hotFolders: readonly HotFolder[];
  readonly refreshEngine: (api: ApiClient) => Promise<void>;
  readonly refreshProfiles: (api: ApiClient) => Promise<void>;
  readonly refreshHotFolders: (api: ApiClient) => Promise<void>;
  readonly saveProfile: (api: ApiClient, p: Profile, renamedFrom?: string) => Promise<void>;
  readonly deleteProfile: (api: ApiClient, name: string) => Promise<void>;
  readonly saveHotFolder: (api: ApiClient, input: HotFolderInput, id?: string) => Promise<void>;
  readonly deleteHotFolder: (api: ApiClient, id: string) => Promise<void>;
}

export const useSettingsStore = create<SettingsState>((set, get) => ({
  health: undefined,
  offline: false,
  info: undefined,
  profiles: [],
  hotFolders: [],
  async refreshEngine(api) {
    try {
      const [health, info] = await Promise.all([api.health(), api.info()]);
      set({ health, info, offline: false });
    } catch {
      set({ offline: true });
    }
  },
  async refreshProfiles(api) {
    set({ profiles: (await api.profiles()).profiles });
  },
  async refreshHotFolders(api) {
    set({ hotFolders: (await api.hotFolders()).hotFolders });
  },
  async saveProfile(api, p, renamedFrom) {
    await api.putProfile(p);
    if (renamedFrom && renamedFrom !== p.name) await api.deleteProfile(renamedFrom);
    await get().refreshProfiles(api);
  },
  async deleteProfile(api, name) {
    await api.deleteProfile(name);
    await get().refreshProfiles(api);
  },
  async saveHotFolder(api, input, id) {
    if (id) await api.updateHotFolder(id, input);
    else await api.createHotFolder(input);
    await get().refreshHotFolders(api);
  },
  async deleteHotFolder(api, id) {
    await api.deleteHotFolder(id);
    await get().refreshHotFolders(api);
  },
}));
