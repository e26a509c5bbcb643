// Fetching the map's data.
//
// A boundary file's URL ends in a digest of its bytes, so what a URL gives never changes: each is
// fetched once and kept for the life of the page (and by the browser for a year). The figures
// and the table parts change whenever the data does: they are fetched for every choice, and the
// browser's cache revalidates them (they are sent no-cache with an ETag), so a correction shows
// at once and an unchanged year costs a 304.

const boundaryFiles = new Map(); // URL -> Promise of the FeatureCollection

class FetchError extends Error {
  constructor(what, status) {
    super(`${what} answered ${status}`);
    this.status = status;
  }
}

async function get(url, what, read) {
  const response = await fetch(url);
  if (!response.ok) throw new FetchError(what, response.status);
  return read(response);
}

export function fetchFigures(url) {
  return get(url, "the map's figures", (response) => response.json());
}

export function fetchBoundaries(url) {
  if (!boundaryFiles.has(url)) {
    const request = get(url, "the map's boundaries", (response) => response.json());
    request.catch(() => boundaryFiles.delete(url));
    boundaryFiles.set(url, request);
  }
  return boundaryFiles.get(url);
}

// The figures with the boundaries they name. A 404 for the boundaries means they were imported
// again after these figures were sent: the figures fetched anew name the new file.
export async function fetchMapData(figuresRequest, figuresUrl) {
  let figures = await figuresRequest;
  try {
    return { figures, boundaries: await fetchBoundaries(figures.boundaries) };
  } catch (error) {
    if (error.status !== 404) throw error;
    figures = await fetchFigures(figuresUrl);
    return { figures, boundaries: await fetchBoundaries(figures.boundaries) };
  }
}

// The server's rendering of the figures under the map, parsed (not run: a parsed document runs
// no scripts) so that its parts can be moved into the page.
export function fetchTable(url) {
  return get(url, "the table of figures", async (response) =>
    new DOMParser().parseFromString(await response.text(), "text/html"),
  );
}
