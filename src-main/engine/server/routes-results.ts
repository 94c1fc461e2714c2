// Every page's results in one answer, shaped like DotsOCR's: blocks with a label, a box and their text, the page's
// Markdown, and where its (annotated) image and the ZIP are. The job's `layout` option picks what is included.
import { JobResultsQuerySchema, JobResultsSchema, type JobResults } from '../../../src-shared/api-schemas.ts';
import type { PageResult } from '../../../src-shared/ocr-result.ts';
import { blockHeadingLevels } from '../exports/page-structure.ts';
import type { ApiDeps } from './api-deps.ts';
import { validate } from './request-body.ts';
import { IdParam, markdownOfPage } from './route-helpers.ts';
import type { Router } from './router.ts';

type Layout = JobResults['layout'];
type ResultBlock = NonNullable<JobResults['pages'][number]['blocks']>[number];

/** Labels from the rule the Markdown and DOCX exports use for headings, so every output agrees. */
export function labelledBlocks(page: PageResult, withText: boolean): ResultBlock[] {
  const levels = blockHeadingLevels(page);
  return page.blocks.map((b, i) => {
    const label = levels[i] === 1 ? 'title' : levels[i] === 2 ? 'section-header' : 'text';
    const box: ResultBlock['box'] = [b.box[0], b.box[1], b.box[2], b.box[3]];
    if (!withText) return { label, box };
    const confidence = b.lines.length
      ? Math.round((1000 * b.lines.reduce((s, l) => s + l.confidence, 0)) / b.lines.length) / 1000
      : 0;
    return { label, box, text: b.lines.map((l) => l.text).join('\n'), confidence };
  });
}

export function addResultRoutes(r: Router<ApiDeps>): void {
  r.add({
    method: 'GET',
    path: '/jobs/:id/results',
    tag: 'results',
    summary:
      "Every page's results so far: `layout+text` gives blocks (label title / section-header / text, box, text, confidence) with the page's text and Markdown; `text` the text and Markdown only; `layout` the labelled boxes only. The job's `layout` option decides, `?layout=` overrides. Words and lines: `GET /jobs/{id}/files/{file}/pages/{page}`.",
    query: JobResultsQuerySchema,
    response: JobResultsSchema,
    handler: ({ params, url, deps }) => {
      const id = IdParam(params['id']);
      const job = deps.store.jobs.get(id);
      const q = validate(JobResultsQuerySchema, Object.fromEntries(url.searchParams), '(query)');
      const layout: Layout = q.layout ?? job.options.layout ?? 'layout+text';
      const base = `${r.prefix}/jobs/${encodeURIComponent(id)}`;
      const pages = deps.store.jobs.pages(id).map((p) => {
        const image = `${base}/files/${p.fileIdx}/pages/${p.pageNo}/image`;
        return {
          file: p.fileIdx,
          page: p.pageNo,
          width: p.result.width,
          height: p.result.height,
          ...(layout !== 'layout' && { text: p.result.text, markdown: markdownOfPage(p.result) }),
          ...(layout !== 'text' && { blocks: labelledBlocks(p.result, layout === 'layout+text') }),
          imageUrl: image,
          annotatedImageUrl: `${image}?annotate=true`,
        };
      });
      return { json: { jobId: id, status: job.status, layout, pages, downloadUrl: `${base}/artifacts/zip` } };
    },
  });
}
