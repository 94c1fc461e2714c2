// Profiles, hot folders and webhooks.
import {
  DeliveryListSchema,
  HotFolderInputSchema,
  HotFolderListSchema,
  HotFolderPostedSchema,
  HotFolderSchema,
  ProfileListSchema,
  ProfileSchema,
  WebhookCreatedSchema,
  WebhookInputSchema,
  WebhookListSchema,
  WebhookSchema,
} from '../../../src-shared/api-schemas.ts';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { postToHotFolder } from '../watch/post-file.ts';
import type { ApiDeps } from './api-deps.ts';
import { readJson, readMultipart } from './request-body.ts';
import type { Router } from './router.ts';

const ProfileBodySchema = ProfileSchema.omit({ name: true }).strict();

export function addSettingsRoutes(r: Router<ApiDeps>): void {
  r.add({
    method: 'GET',
    path: '/profiles',
    tag: 'profiles',
    summary: 'Named option sets.',
    response: ProfileListSchema,
    handler: ({ deps }) => ({ json: { profiles: deps.store.profiles.list() } }),
  });
  r.add({
    method: 'GET',
    path: '/profiles/:name',
    tag: 'profiles',
    summary: 'One profile.',
    response: ProfileSchema,
    handler: ({ params, deps }) => ({ json: deps.store.profiles.get(params['name'] ?? '') }),
  });
  r.add({
    method: 'PUT',
    path: '/profiles/:name',
    tag: 'profiles',
    summary: 'Create or replace a profile.',
    body: ProfileBodySchema,
    response: ProfileSchema,
    handler: async ({ req, params, deps }) => {
      const body = await readJson(req, ProfileBodySchema);
      const profile = ProfileSchema.safeParse({ ...body, name: params['name'] });
      if (!profile.success)
        throw new OcrDeskError('VALIDATION_FAILED', 'profile names use letters, digits, _ . -');
      const created = deps.store.profiles.put(profile.data);
      return { status: created ? 201 : 200, json: deps.store.profiles.get(profile.data.name) };
    },
  });
  r.add({
    method: 'DELETE',
    path: '/profiles/:name',
    tag: 'profiles',
    summary: 'Delete a profile (jobs keep the options they were created with).',
    status: 204,
    handler: ({ params, deps }) => {
      deps.store.profiles.delete(params['name'] ?? '');
      return { status: 204 };
    },
  });

  r.add({
    method: 'GET',
    path: '/hot-folders',
    tag: 'hot folders',
    summary: 'Watched folders with counters (processing, done, failed) and the last error.',
    response: HotFolderListSchema,
    handler: ({ deps }) => ({ json: { hotFolders: deps.store.hotFolders.list() } }),
  });
  r.add({
    method: 'POST',
    path: '/hot-folders',
    tag: 'hot folders',
    summary: 'Watch a folder: files dropped there become jobs, outputs go to the output folder.',
    body: HotFolderInputSchema,
    response: HotFolderSchema,
    status: 201,
    handler: async ({ req, deps }) => ({
      status: 201,
      json: await deps.hotFolders.create(await readJson(req, HotFolderInputSchema)),
    }),
  });
  r.add({
    method: 'GET',
    path: '/hot-folders/:id',
    tag: 'hot folders',
    summary: 'One hot folder.',
    response: HotFolderSchema,
    handler: ({ params, deps }) => ({ json: deps.store.hotFolders.get(params['id'] ?? '') }),
  });
  r.add({
    method: 'PUT',
    path: '/hot-folders/:id',
    tag: 'hot folders',
    summary: 'Change a hot folder.',
    body: HotFolderInputSchema,
    response: HotFolderSchema,
    handler: async ({ req, params, deps }) => ({
      json: await deps.hotFolders.update(params['id'] ?? '', await readJson(req, HotFolderInputSchema)),
    }),
  });
  r.add({
    method: 'POST',
    path: '/hot-folders/:id/files',
    tag: 'hot folders',
    summary:
      "Post one file (multipart `file` part) into the folder's input, where it is taken like any dropped file. An existing file of that name gets a unique name beside it (`name (1).pdf`), or is replaced with `?overwrite=true` (ownOCR postfolderu / postfolder).",
    multipart: true,
    response: HotFolderPostedSchema,
    status: 201,
    handler: async ({ req, url, deps, params }) => {
      const id = params['id'] ?? '';
      deps.store.hotFolders.get(id);
      const upload = await readMultipart(req, deps.paths.incoming, { ...deps.limits, maxFiles: 1 });
      const file = upload.files[0];
      if (!file) throw new OcrDeskError('VALIDATION_FAILED', 'send the file as a multipart `file` part');
      const overwrite = url.searchParams.get('overwrite') === 'true';
      return { status: 201, json: await postToHotFolder(deps.store, id, file.path, file.name, overwrite) };
    },
  });
  r.add({
    method: 'DELETE',
    path: '/hot-folders/:id',
    tag: 'hot folders',
    summary: 'Stop watching (files and jobs stay).',
    status: 204,
    handler: async ({ params, deps }) => {
      await deps.hotFolders.remove(params['id'] ?? '');
      return { status: 204 };
    },
  });

  r.add({
    method: 'GET',
    path: '/webhooks',
    tag: 'webhooks',
    summary: 'Webhook subscriptions.',
    response: WebhookListSchema,
    handler: ({ deps }) => ({
      json: { webhooks: deps.store.webhooks.list().map(({ secret: _s, ...w }) => w) },
    }),
  });
  r.add({
    method: 'POST',
    path: '/webhooks',
    tag: 'webhooks',
    summary:
      'Subscribe a URL to job events. Each POST carries `X-OcrDesk-Signature: sha256=<hex HMAC of the body>`; the secret is shown once.',
    body: WebhookInputSchema,
    response: WebhookCreatedSchema,
    status: 201,
    handler: async ({ req, deps }) => ({
      status: 201,
      json: deps.webhooks.create(await readJson(req, WebhookInputSchema)),
    }),
  });
  r.add({
    method: 'PUT',
    path: '/webhooks/:id',
    tag: 'webhooks',
    summary: 'Change a webhook.',
    body: WebhookInputSchema,
    response: WebhookSchema,
    handler: async ({ req, params, deps }) => ({
      json: deps.webhooks.update(params['id'] ?? '', await readJson(req, WebhookInputSchema)),
    }),
  });
  r.add({
    method: 'DELETE',
    path: '/webhooks/:id',
    tag: 'webhooks',
    summary: 'Remove a webhook and its delivery log.',
    status: 204,
    handler: ({ params, deps }) => {
      deps.store.webhooks.delete(params['id'] ?? '');
      return { status: 204 };
    },
  });
  r.add({
    method: 'GET',
    path: '/webhooks/:id/deliveries',
    tag: 'webhooks',
    summary: 'Delivery log: each event, attempts, last response status or error, next retry.',
    response: DeliveryListSchema,
    handler: ({ params, deps }) => {
      const id = params['id'] ?? '';
      deps.store.webhooks.get(id);
      return { json: { deliveries: deps.store.webhooks.deliveries(id) } };
    },
  });
}
