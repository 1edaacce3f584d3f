/**
 * Binance's two hosts. The USD-M futures REST API is https://fapi.binance.com
 * (https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info); the daily and
 * monthly archive files are on https://data.binance.vision (https://github.com/binance/binance-public-data).
 * `--base-url` replaces the scheme and host of both: a mirror, proxy or test server then serves the REST
 * paths (`/fapi/...`, `/futures/data/...`) and the archive paths (`/data/futures/um/...`) from one origin.
 */

export const FAPI_BASE_URL = 'https://fapi.binance.com';
export const VISION_BASE_URL = 'https://data.binance.vision';

/**
 * The base URL of the archive files for a run's base URL: data.binance.vision by default, the run's own
 * base URL when `--base-url` replaced fapi.binance.com.
 * @example archiveBaseUrl('https://fapi.binance.com') // 'https://data.binance.vision'; archiveBaseUrl('http://127.0.0.1:8080') // 'http://127.0.0.1:8080'
 */
export function archiveBaseUrl(baseUrl: string): string {
  return baseUrl === FAPI_BASE_URL ? VISION_BASE_URL : baseUrl;
}
