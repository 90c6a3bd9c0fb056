import {readFile} from "node:fs/promises";
import type {Page} from "playwright-core";
import {settle, type BrowserSpec} from "../harness.js";

const NOTES = '<img src=x onerror=alert(1)>\n=HYPERLINK("x")';

async function exportJson(page: Page, format: "json" | "csv" = "json"): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(`button[name=export-${format}]`)]);
  const path = await download.path();
  if (!path) throw new Error(`download failed: ${await download.failure()}`);
  return readFile(path, "utf8");
}

async function importFile(page: Page, name: string, text: string, expect: RegExp): Promise<string> {
  await page.setInputFiles("input[name=import]", {name, mimeType: name.endsWith(".json") ? "application/json" : "text/csv", buffer: Buffer.from(text, "utf8")});
  const status = page.locator("[data-status=transfer]");
  await status.filter({hasText: expect}).waitFor({timeout: 10_000});
  return (await status.textContent()) ?? "";
}

async function recordsShown(page: Page): Promise<string> {
  return (await page.locator("#offline-records").textContent()) ?? "";
}

const specs: BrowserSpec[] = [
  {
    name: "store: member entry, coupons with reasons, codes, survey and staff entry as text, reload, export/import round trip, refused import",
    async run(ctx) {
      const page = await ctx.open("/store", {waitFor: "select[name=sample]"});
      // no member yet: no empty tables (on a phone, only a row of cut-off headers)
      const empty = await page.locator("#observablehq-main table").count();
      if (empty) throw new Error(`${empty} table(s) shown before any member is entered`);
      const dialogs: string[] = [];
      page.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });

      // strict id validation, with the message naming the bad character
      await page.fill("input[name=member]", "12a4");
      await page.click(".store-entry-form button[type=submit]");
      await page.locator("[data-status=member]").filter({hasText: '"a" (U+0061) at position 3'}).waitFor({timeout: 10_000});

      // a sample member from the customers table; without the online record (loaders not built), a typed id
      let id = "1234567";
      if (await page.locator("select[name=sample]").isDisabled()) {
        // data without members (a header-only 04.Custom) say so in the picker; else the online record failed to load
        const none = (await page.locator("select[name=sample] option").first().textContent()) ?? "";
        const warning = /no member in these data/.test(none) ? none : ((await page.locator("[data-status=online]").textContent({timeout: 5000}).catch(() => "")) ?? "");
        if (!/online record could not be loaded \(.+\)|no member in these data/.test(warning)) throw new Error(`no sample members and no clear message why: ${JSON.stringify(warning)}`);
        console.log(`  (no sample member, checking the offline-only flow: ${warning.trim()})`);
        await page.fill("input[name=member]", ` ${id}\n`);
        await page.click(".store-entry-form button[type=submit]");
      } else {
        id = await page.$eval("select[name=sample] option:nth-child(2)", (o) => (o as HTMLOptionElement).value);
        if (!/^\d{1,10}$/.test(id)) throw new Error(`sample member id is not digits: ${JSON.stringify(id)}`);
        await page.selectOption("select[name=sample]", id);
      }
      await page.waitForSelector("#coupons .store-coupon");
      // every sample member (one per tier × type, and members who never bought) reads without a warning
      if (!(await page.locator("select[name=sample]").isDisabled())) {
        const ids = await page.$$eval("select[name=sample] option", (os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
        for (const other of [...ids.slice(1), id]) {
          await page.selectOption("select[name=sample]", other);
          await page.locator(`#member-card [data-profile="${other}"], #member-card .store-warning`).first().waitFor({timeout: 30_000});
          const warning = await page.locator("#member-card .store-warning").count();
          if (warning) throw new Error(`sample member ${other}: ${await page.locator("#member-card .store-warning").first().textContent()}`);
        }
        await page.waitForSelector("#coupons .store-coupon");
      }
      const coupons = await page.$$eval("#coupons .store-coupon", (els) => els.map((e) => ({key: e.getAttribute("data-coupon"), reason: e.querySelector(".store-coupon-reason")?.textContent ?? ""})));
      if (!coupons.some((c) => c.key === "tier-points" || c.key === "first-visit-welcome")) throw new Error(`no tier or welcome coupon for member ${id}: ${JSON.stringify(coupons)}`);
      for (const c of coupons) if (!/^Why \(이유\): .{10,}/.test(c.reason)) throw new Error(`coupon ${c.key} has no reason: ${JSON.stringify(c.reason)}`);
      const bars = await page.$$eval("svg.store-barcode rect", (r) => r.length);
      const qr = await page.$$eval("svg.store-qr path", (p) => p.length);
      if (bars < 10 || qr < 1) throw new Error(`codes not rendered: ${bars} barcode rects, ${qr} QR paths`);

      // the camera: a message, never an error (headless Chromium has no camera)
      await page.click("button[name=scan]");
      await page.locator("[data-status=scanner]").filter({hasText: /camera|Type the member id/}).waitFor({timeout: 10_000});

      // a staff entry whose notes are markup and a formula: kept and shown as text
      await page.fill("form[name=visit] input[name=items]", "니트, 청바지");
      await page.fill("form[name=visit] input[name=price]", "59000");
      await page.fill("form[name=visit] input[name=minutes]", "12.5");
      await page.fill("form[name=visit] textarea[name=notes]", NOTES);
      await page.click("form[name=visit] button[type=submit]");
      await page.locator("[data-status=visit]").filter({hasText: `Entry saved for member ${id}`}).waitFor({timeout: 10_000});
      // the sign-up survey's three questions
      for (const [name, value] of [["favourite", "health_food"], ["reason", "variety"], ["channel", "offline_to_online"]]) {
        await page.check(`form[name=survey] input[name=${name}][value=${value}]`);
      }
      await page.click("form[name=survey] button[type=submit]");
      await page.locator("[data-status=survey]").filter({hasText: `Survey saved for member ${id}`}).waitFor({timeout: 10_000});

      const shown = async () => {
        await page.locator("#offline-records").filter({hasText: "2 offline records of member"}).waitFor({timeout: 15_000});
        const cell = await page.locator("td", {hasText: "<img src=x onerror=alert(1)>"}).first().textContent();
        if (cell !== NOTES) throw new Error(`notes not shown literally: ${JSON.stringify(cell)}`);
        if (await page.locator('img[src="x"]').count()) throw new Error("the notes were parsed as markup");
        await page.locator("#missed td", {hasText: "청바지"}).first().waitFor({timeout: 10_000});
        await page.locator("#timeline svg").first().waitFor({timeout: 10_000});
      };
      await shown();

      // records survive a reload (the URL keeps the member)
      await page.reload();
      await settle(page);
      await shown();

      // export → clear → import → export is byte-identical
      const first = await exportJson(page);
      const doc = JSON.parse(first) as {records: {notes?: string}[]};
      if (!doc.records.some((r) => r.notes === NOTES)) throw new Error("the export lacks the staff entry");
      await page.click("button[name=clear-all]");
      await page.click("button[name=clear-all]");
      await page.locator("[data-status=transfer]").filter({hasText: /Deleted \d+ record/}).waitFor({timeout: 10_000});
      await page.locator("#offline-records").filter({hasText: "0 offline records"}).waitFor({timeout: 10_000});
      await importFile(page, "records.json", first, /Imported \d+ records? from records\.json/);
      await page.locator("#offline-records").filter({hasText: "2 offline records of member"}).waitFor({timeout: 10_000});
      const second = await exportJson(page);
      if (second !== first) throw new Error(`re-export differs:\n${first}\n---\n${second}`);

      // the CSV export carries the same records: re-importing it (replace mode) changes nothing
      const csv = await exportJson(page, "csv");
      if (!csv.includes('"<img src=x onerror=alert(1)>\n=HYPERLINK(""x"")"')) throw new Error(`CSV lacks the notes as one quoted cell:\n${csv}`);
      await page.selectOption("select[name=import-mode]", "replace");
      await importFile(page, "records.csv", csv, /Imported 2 records from records\.csv: 0 added, 0 replaced, 2 unchanged/);
      if ((await exportJson(page)) !== first) throw new Error("the CSV round trip changed the records");

      // a malformed file: refused with the reason, nothing written (not even its valid first record)
      const bad = JSON.stringify({format: "lpoint-real-smart-store", version: 1, records: [{...doc.records[0], entryId: "new-one"}, {kind: "visit", memberId: id}]});
      const refusal = await importFile(page, "bad.json", bad, /Import refused/);
      if (!/record 2 .*entryId.*Nothing was changed/.test(refusal)) throw new Error(`unclear refusal: ${refusal}`);
      await importFile(page, "bad.csv", "kind,member\nvisit,1\n", /Import refused \(bad\.csv\): CSV header must be/);
      if ((await exportJson(page)) !== first) throw new Error("a refused import changed the records");
      if (!(await recordsShown(page)).includes("2 offline records of member")) throw new Error("a refused import changed the records shown");

      if (dialogs.length) throw new Error(`dialogs fired: ${dialogs.join(" | ")}`);
    }
  }
];

export default specs;
