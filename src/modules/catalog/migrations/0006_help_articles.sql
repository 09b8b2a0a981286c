-- Help articles of the helpdesk, as the portal's search shows them beside the procedures:
-- kept from the helpdesk's `helpdesk.article_changed` facts by the consumer
-- catalog.help_articles (the catalogue does not read the helpdesk's tables). A published
-- article is here; a draft or withdrawn one is not.

CREATE TABLE search_help_articles (
  id bigint PRIMARY KEY,
  title text NOT NULL,
  summary text NOT NULL,
  url text NOT NULL,
  folded_title text NOT NULL,
  folded_text text NOT NULL,
  changed_at timestamptz NOT NULL
);
COMMENT ON TABLE search_help_articles IS 'Published help articles for the procedure search (read model of helpdesk.article_changed; rebuilt by replaying the consumer catalog.help_articles).';
