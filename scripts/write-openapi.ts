// Writes packages/client/src/openapi/openapi.json, the OpenAPI document generated from the contract
// (`npm run openapi`). The package ships it as `@admit/client/openapi.json`; a test fails when
// the committed file is not what the contract generates.
import { writeFileSync } from "node:fs";
import { createOpenApiDocument } from "@admit/client/openapi";

const FILE = "packages/client/src/openapi/openapi.json";
writeFileSync(FILE, `${JSON.stringify(createOpenApiDocument(), null, 2)}\n`);
console.log(`openapi: wrote ${FILE}`);
