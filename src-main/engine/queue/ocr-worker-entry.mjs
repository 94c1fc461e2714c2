// The OCR process starts from plain Node: register the TypeScript loader, then load the worker.
import { register } from 'tsx/esm/api';

register();
await import('./ocr-worker.ts');
