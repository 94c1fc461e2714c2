// A recogniser thread starts from plain Node: register the TypeScript loader, then load the thread's module.
import { register } from 'tsx/esm/api';

register();
await import('./recognizer-thread.ts');
