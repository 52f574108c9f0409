// A browser world with records really moving: the sync proof world (sandboxes, api serving the built
// SPA) with its worker running, an X3 folder, and one Chromium page. The journeys that need the
// worker (first flows, dashboard, online shop) start and close it the same way.
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '#lb/testing';
import { SyncWorld } from '../../worker/test/sync-world';
import { provisionFolder, TestFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
import { openPage, SpaWorld, WEB_DIST_DIR } from './spa-world';

export interface LiveSpa {
  world: SyncWorld;
  /** The same world seen as the SPA helpers want it (api url, sandbox, app). */
  spa: SpaWorld;
  browser: Browser;
  folder: TestFolder;
  context: BrowserContext;
  page: Page;
  errors: string[];
}

export async function startLiveSpa(): Promise<LiveSpa> {
  const world = await SyncWorld.start({ env: { WEB_DIST_DIR } });
  await world.startWorker();
  const spa = world.asXeroWorld as unknown as SpaWorld;
  const browser = await launchBrowser();
  const folder = await provisionFolder(world.sandbox.url);
  const { context, page, errors } = await openPage(browser);
  return { world, spa, browser, folder, context, page, errors };
}

export async function closeLiveSpa(live: Partial<LiveSpa> | undefined): Promise<void> {
  await live?.context?.close();
  await live?.browser?.close();
  await live?.world?.close();
}
