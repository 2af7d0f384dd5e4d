-- 054_planning_tool.sql — the planning tools of the toolbox, kept per
-- offer with the date they were worked on: the documentation strategy,
-- the data-collection plan, the learning-meeting guide and the
-- process-reflection tool.  The questions are the tools' own (the program
-- holds their texts, domain/planning_tool.c); the database holds the
-- answers: one per fixed question (answer, and for the process
-- reflection the follow-up actions), and rows that a tool lets one add
-- (what we need to know, why, and what for; the meeting's decisions).

CREATE TABLE planning_tool (
  id ID_PRIMARY_KEY,
  offer_id BIGINT NOT NULL REFERENCES offer (id),
  kind TEXT NOT NULL CHECK (kind IN ('documentation_strategy', 'data_collection_plan',
                                     'learning_meeting', 'process_reflection')),
  title TEXT NOT NULL,
  held_on TEXT NOT NULL,
  created_by BIGINT REFERENCES app_user (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX planning_tool_offer ON planning_tool (offer_id, kind, held_on);

CREATE TABLE planning_answer (
  tool_id BIGINT NOT NULL REFERENCES planning_tool (id),
  question_key TEXT NOT NULL,
  answer TEXT,
  follow_up TEXT,
  PRIMARY KEY (tool_id, question_key)
);

CREATE TABLE planning_entry (
  id ID_PRIMARY_KEY,
  tool_id BIGINT NOT NULL REFERENCES planning_tool (id),
  section TEXT NOT NULL,
  position INTEGER NOT NULL,
  text_a TEXT NOT NULL,
  text_b TEXT,
  text_c TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX planning_entry_tool ON planning_entry (tool_id, section, position);
