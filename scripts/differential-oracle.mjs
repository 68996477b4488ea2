// The official DTDL parser as a batch oracle for scripts/differential: reads one JSON text per
// line (a JSON string holding the model text) on stdin, writes one JSON verdict per line:
//   {"outcome":"valid"|"parsingError"|"resolutionError"|"crash","ids":[ValidationID...],
//    "errors":[{ValidationID, PrimaryID, SecondaryID, Property, Value, ...}]}
// (errors without the Cause and Action texts).
// Usage: node scripts/differential-oracle.mjs REFERENCE_DIR   (REFERENCE_DIR holds node_modules
// with @digicatapult/dtdl-parser, e.g. build/test-tools/dtdl-reference)
import path from 'node:path'
import readline from 'node:readline'
import { pathToFileURL } from 'node:url'

const dir = process.argv[2]
if (!dir) {
  console.error('usage: node differential-oracle.mjs REFERENCE_DIR')
  process.exit(2)
}
const entry = path.join(dir, 'node_modules', '@digicatapult', 'dtdl-parser', 'build', 'index.js')
const mod = await import(pathToFileURL(entry).href)
const p = await mod.getInterop()

function verdict(text) {
  try {
    p.parse(text)
    return { outcome: 'valid', ids: [] }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    let obj = null
    try {
      obj = JSON.parse(message)
    } catch {
      obj = null
    }
    if (obj && obj.ExceptionKind === 'Parsing') {
      const errors = (obj.Errors || []).map((x) => {
        const { Cause, Action, ...fields } = x
        return fields
      })
      const ids = [...new Set(errors.map((x) => x.ValidationID))].sort()
      return { outcome: 'parsingError', ids, errors }
    }
    if (obj && obj.ExceptionKind === 'Resolution') {
      return { outcome: 'resolutionError', ids: [], undefined: obj.UndefinedIdentifiers || [] }
    }
    return { outcome: 'crash', ids: [], crash: message.slice(0, 200) }
  }
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
for await (const line of rl) {
  if (line.trim() === '') continue
  process.stdout.write(JSON.stringify(verdict(JSON.parse(line))) + '\n')
}
