// Validates HTML files with html-validate (its recommended rules, see
// htmlvalidate.json) and prints one JSON array of findings on stdout:
// [{file, line, column, rule, message, selector}]. The browser journeys
// (views/browsertest) run it once per journey run with the pages they saved.
// It uses the library rather than the html-validate command, whose file
// globbing needs a newer Node.js than Debian's.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { HtmlValidate } from "html-validate";

const here = path.dirname(fileURLToPath(import.meta.url));
const config = JSON.parse(fs.readFileSync(path.join(here, "htmlvalidate.json"), "utf8"));
const hv = new HtmlValidate(config);
const findings = [];
for (const file of process.argv.slice(2)) {
  const report = await hv.validateString(fs.readFileSync(file, "utf8"), file);
  for (const r of report.results) {
    for (const m of r.messages) {
      if (m.severity < 2) continue;
      findings.push({ file, line: m.line, column: m.column, rule: m.ruleId, message: m.message, selector: m.selector || "" });
    }
  }
}
process.stdout.write(JSON.stringify(findings));
