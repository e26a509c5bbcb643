"""The site's own pages: the map page and the data page, and what every page view shares
(reading the query string, error pages, the cells of a table of figures). The council pages
live with the councils; the shared infrastructure (settings, data version, caching) stays in
`ombudsman`."""
