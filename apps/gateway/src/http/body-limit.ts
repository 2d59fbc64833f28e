/**
 * The largest body the gateway reads (JSON or form), sized to the largest valid request: an invoice with
 * MAX_INVOICE_LINES (100) items and 100 adjustments, every field at its limit. A text limit counts characters,
 * and a character outside the BMP is 12 bytes in a form (`%F0%9F%98%80`) and in escaped JSON (`\ud83d\ude00`);
 * an integer is at most 17 bytes (`-9007199254740991`).
 *
 *   item:       3 texts × 128 × 12 = 4,608 + 3 integers × 17 = 51 + 6 keys (`&item_quantity100=`) ≤ 100 → 4,759
 *   adjustment: 128 × 12 = 1,536 + 17 + 2 keys (`&adjustments_reason100=`) ≤ 46                      → 1,599
 *   the rest:   customer_guid 64, funding_instrument_uri 512, title 128, external_id 128,
 *               appears_on_statement_as 18, coupon_guid 64, currency 3 = 917 × 12 + 17 + keys ≤ 200 → 11,221
 *   total:      100 × 4,759 + 100 × 1,599 + 11,221 = 647,021 bytes (≈ 632 KiB)
 *
 * 768 KiB leaves about 20% headroom (JSON whitespace, key order); anything larger cannot be a valid request.
 */
export const BODY_LIMIT_BYTES = 768 * 1024;
