CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");
CREATE TABLE "settings" (
   "key" TEXT PRIMARY KEY,
   "value" TEXT NOT NULL,
   "updated_at" TEXT
) STRICT;
CREATE TABLE "villages" (
   "id" INTEGER PRIMARY KEY,
   "name" TEXT NOT NULL,
   "kind" TEXT NOT NULL,
   "region_code" TEXT,
   "group_count" INTEGER,
   "households" INTEGER,
   "population" INTEGER,
   "secretary" TEXT,
   "secretary_phone" TEXT,
   "director" TEXT,
   "director_phone" TEXT,
   "grid_worker" TEXT,
   "grid_worker_phone" TEXT,
   "notes" TEXT,
   "sort_order" INTEGER DEFAULT 0,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "archived_at" TEXT
) STRICT;
CREATE TABLE "units" (
   "id" INTEGER PRIMARY KEY,
   "name" TEXT NOT NULL,
   "type" TEXT NOT NULL,
   "subtype" TEXT,
   "village_id" INTEGER NOT NULL REFERENCES "villages"("id"),
   "address" TEXT,
   "uscc" TEXT,
   "legal_rep" TEXT,
   "contact" TEXT,
   "contact_phone" TEXT,
   "scale" TEXT,
   "risk" TEXT,
   "department" TEXT,
   "notes" TEXT,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "archived_at" TEXT
) STRICT;
CREATE TABLE "people" (
   "id" INTEGER PRIMARY KEY,
   "name" TEXT NOT NULL,
   "role" TEXT NOT NULL,
   "organisation" TEXT,
   "village_id" INTEGER REFERENCES "villages"("id"),
   "mobile" TEXT,
   "phone" TEXT,
   "cert_no" TEXT,
   "notes" TEXT,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "archived_at" TEXT
) STRICT;
CREATE UNIQUE INDEX idx_villages_name ON villages(name) WHERE archived_at IS NULL;
CREATE INDEX idx_units_name ON units(name) WHERE archived_at IS NULL;
CREATE INDEX idx_units_village ON units(village_id, name) WHERE archived_at IS NULL;
CREATE INDEX idx_units_type ON units(type, name) WHERE archived_at IS NULL;
CREATE INDEX idx_units_risk ON units(risk, name) WHERE archived_at IS NULL;
CREATE INDEX idx_units_archived ON units(archived_at) WHERE archived_at IS NOT NULL;
CREATE INDEX idx_units_uscc ON units(uscc) WHERE uscc != '';
CREATE INDEX idx_people_name ON people(name);
CREATE INDEX idx_people_village ON people(village_id);
CREATE VIRTUAL TABLE villages_fts USING fts5(body, tokenize='unicode61');
CREATE TABLE 'villages_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'villages_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE 'villages_fts_content'(id INTEGER PRIMARY KEY, c0);
CREATE TABLE 'villages_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'villages_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE VIRTUAL TABLE units_fts USING fts5(body, tokenize='unicode61');
CREATE TABLE 'units_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'units_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE 'units_fts_content'(id INTEGER PRIMARY KEY, c0);
CREATE TABLE 'units_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'units_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE VIRTUAL TABLE people_fts USING fts5(body, tokenize='unicode61');
CREATE TABLE 'people_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'people_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE 'people_fts_content'(id INTEGER PRIMARY KEY, c0);
CREATE TABLE 'people_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'people_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE INDEX idx_units_active_type ON units(type) WHERE archived_at IS NULL;
CREATE INDEX idx_people_active ON people(role) WHERE archived_at IS NULL;
CREATE INDEX idx_villages_active ON villages(kind) WHERE archived_at IS NULL;
CREATE TABLE "documents" (
   "id" INTEGER PRIMARY KEY,
   "kind" TEXT NOT NULL,
   "year" INTEGER NOT NULL,
   "serial" INTEGER NOT NULL,
   "number" TEXT NOT NULL,
   "issued_on" TEXT NOT NULL,
   "unit_id" INTEGER REFERENCES "units"("id"),
   "subject" TEXT,
   "status" TEXT NOT NULL,
   "void_reason" TEXT,
   "voided_on" TEXT,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
, "ref" TEXT) STRICT;
CREATE UNIQUE INDEX idx_documents_serial ON documents(kind, year, serial);
CREATE INDEX idx_documents_issued ON documents(issued_on);
CREATE TABLE "hazards" (
   "id" INTEGER PRIMARY KEY,
   "unit_id" INTEGER NOT NULL REFERENCES "units"("id"),
   "village_id" INTEGER NOT NULL REFERENCES "villages"("id"),
   "deadline_days" INTEGER,
   "funds" REAL,
   "code" TEXT NOT NULL,
   "sector" TEXT,
   "location" TEXT,
   "description" TEXT NOT NULL,
   "category" TEXT,
   "level" TEXT NOT NULL,
   "basis" TEXT,
   "source" TEXT NOT NULL,
   "found_on" TEXT NOT NULL,
   "found_by" TEXT,
   "measures" TEXT,
   "deadline_kind" TEXT,
   "due_on" TEXT,
   "deadline_warning" TEXT,
   "responsible_unit" TEXT,
   "responsible_person" TEXT,
   "responsible_phone" TEXT,
   "supervisor" TEXT,
   "interim_measures" TEXT,
   "dual_report_on" TEXT,
   "listed_level" TEXT,
   "listed_body" TEXT,
   "listed_on" TEXT,
   "state" TEXT NOT NULL,
   "rectified_on" TEXT,
   "closed_on" TEXT,
   "accepted_unit" TEXT,
   "accepted_by" TEXT,
   "accepted_on" TEXT,
   "transfer_department" TEXT,
   "transferred_on" TEXT,
   "cancel_reason" TEXT,
   "notes" TEXT,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "archived_at" TEXT
, "inspection_id" INTEGER, notice_id INTEGER REFERENCES documents(id), emergency_plan TEXT, basis_pending INTEGER NOT NULL DEFAULT 0, drill_id INTEGER REFERENCES drills(id)) STRICT;
CREATE TABLE "hazard_events" (
   "id" INTEGER PRIMARY KEY,
   "hazard_id" INTEGER NOT NULL REFERENCES "hazards"("id"),
   "action" TEXT NOT NULL,
   "from_state" TEXT NOT NULL,
   "to_state" TEXT NOT NULL,
   "on" TEXT NOT NULL,
   "by" TEXT,
   "note" TEXT,
   "details" TEXT,
   "created_at" TEXT NOT NULL
, document_id INTEGER REFERENCES documents(id)) STRICT;
CREATE UNIQUE INDEX idx_hazards_code ON hazards(code);
CREATE INDEX idx_hazards_found ON hazards(found_on) WHERE archived_at IS NULL;
CREATE INDEX idx_hazards_state ON hazards(state, due_on) WHERE archived_at IS NULL;
CREATE INDEX idx_hazards_unit ON hazards(unit_id);
CREATE INDEX idx_hazards_village ON hazards(village_id, found_on);
CREATE INDEX idx_hazard_events_hazard ON hazard_events(hazard_id, id);
CREATE VIRTUAL TABLE hazards_fts USING fts5(body, tokenize='unicode61');
CREATE TABLE 'hazards_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'hazards_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE 'hazards_fts_content'(id INTEGER PRIMARY KEY, c0);
CREATE TABLE 'hazards_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'hazards_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TABLE "hazard_photos" (
   "id" INTEGER PRIMARY KEY,
   "hazard_id" INTEGER NOT NULL REFERENCES "hazards"("id"),
   "kind" TEXT NOT NULL,
   "file" TEXT NOT NULL,
   "original_name" TEXT,
   "taken_on" TEXT,
   "note" TEXT,
   "created_at" TEXT NOT NULL
) STRICT;
CREATE INDEX idx_hazard_photos_hazard ON hazard_photos(hazard_id, kind, id);
CREATE UNIQUE INDEX idx_hazard_photos_file ON hazard_photos(file);
CREATE INDEX idx_documents_ref ON documents(ref) WHERE ref IS NOT NULL;
CREATE TABLE "holidays" (
   "day" TEXT PRIMARY KEY,
   "kind" TEXT NOT NULL,
   "note" TEXT,
   "updated_at" TEXT NOT NULL
) STRICT;
CREATE TABLE "checklist_templates" (
   "id" INTEGER PRIMARY KEY,
   "family" TEXT NOT NULL,
   "version" INTEGER NOT NULL,
   "name" TEXT NOT NULL,
   "target_types" TEXT,
   "basis" TEXT,
   "items" TEXT NOT NULL,
   "builtin" INTEGER NOT NULL DEFAULT 0,
   "retired" INTEGER NOT NULL DEFAULT 0,
   "created_at" TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX idx_templates_version ON checklist_templates(family, version);
CREATE TABLE "inspections" (
   "id" INTEGER PRIMARY KEY,
   "unit_id" INTEGER REFERENCES "units"("id"),
   "village_id" INTEGER REFERENCES "villages"("id"),
   "enforcement" INTEGER,
   "inspector_count" INTEGER,
   "template_id" INTEGER REFERENCES "checklist_templates"("id"),
   "draw_id" INTEGER,
   "target_type" TEXT,
   "place" TEXT,
   "started_at" TEXT NOT NULL,
   "ended_at" TEXT,
   "inspected_on" TEXT NOT NULL,
   "kind" TEXT NOT NULL,
   "methods" TEXT NOT NULL,
   "inspectors" TEXT NOT NULL,
   "met_person" TEXT,
   "met_title" TEXT,
   "met_phone" TEXT,
   "narrative" TEXT,
   "disposition" TEXT NOT NULL,
   "disposition_note" TEXT,
   "recorder" TEXT,
   "witness" TEXT,
   "refused_to_sign" TEXT,
   "results" TEXT NOT NULL,
   "document_number" TEXT,
   "notes" TEXT,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "archived_at" TEXT
, document_id INTEGER REFERENCES documents(id)) STRICT;
CREATE TABLE "coverage_rules" (
   "id" INTEGER PRIMARY KEY,
   "unit_type" TEXT NOT NULL,
   "risk" TEXT NOT NULL,
   "period" TEXT NOT NULL,
   "times" INTEGER NOT NULL,
   "note" TEXT
) STRICT;
CREATE UNIQUE INDEX idx_coverage_rules ON coverage_rules(unit_type, risk);
CREATE TABLE "draws" (
   "id" INTEGER PRIMARY KEY,
   "drawn_on" TEXT NOT NULL,
   "seed" INTEGER NOT NULL,
   "n" INTEGER NOT NULL,
   "filter_text" TEXT,
   "population" TEXT NOT NULL,
   "chosen" TEXT NOT NULL,
   "by" TEXT,
   "note" TEXT,
   "created_at" TEXT NOT NULL
) STRICT;
CREATE INDEX idx_inspections_on ON inspections(inspected_on) WHERE archived_at IS NULL;
CREATE INDEX idx_inspections_unit ON inspections(unit_id, inspected_on);
CREATE INDEX idx_inspections_village ON inspections(village_id, inspected_on);
CREATE INDEX idx_inspections_template ON inspections(template_id);
CREATE INDEX idx_hazards_inspection ON hazards(inspection_id) WHERE inspection_id IS NOT NULL;
CREATE VIRTUAL TABLE inspections_fts USING fts5(body, tokenize='unicode61');
CREATE TABLE 'inspections_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'inspections_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE 'inspections_fts_content'(id INTEGER PRIMARY KEY, c0);
CREATE TABLE 'inspections_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'inspections_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TABLE "inspection_photos" (
   "id" INTEGER PRIMARY KEY,
   "inspection_id" INTEGER NOT NULL REFERENCES "inspections"("id"),
   "kind" TEXT NOT NULL,
   "file" TEXT NOT NULL,
   "original_name" TEXT,
   "taken_on" TEXT,
   "note" TEXT,
   "created_at" TEXT NOT NULL
) STRICT;
CREATE INDEX idx_inspection_photos_owner ON inspection_photos(inspection_id, id);
CREATE UNIQUE INDEX idx_inspection_photos_file ON inspection_photos(file);
CREATE INDEX idx_hazards_text ON hazards(id, archived_at, found_on, code);
CREATE INDEX idx_units_text ON units(id, archived_at, name);
CREATE INDEX idx_inspections_text ON inspections(id, archived_at, inspected_on, started_at);
CREATE INDEX idx_hazard_events_document ON hazard_events(document_id) WHERE document_id IS NOT NULL;
CREATE INDEX idx_hazards_notice ON hazards(notice_id) WHERE notice_id IS NOT NULL;
CREATE INDEX idx_inspections_document ON inspections(document_id) WHERE document_id IS NOT NULL;
CREATE INDEX idx_hazards_basis_pending ON hazards(id) WHERE basis_pending = 1;
CREATE TABLE "plans" (
   "id" INTEGER PRIMARY KEY,
   "village_id" INTEGER REFERENCES "villages"("id"),
   "kind" TEXT NOT NULL,
   "created_at" TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX idx_plans_village_kind ON plans(coalesce(village_id, 0), kind);
CREATE TABLE "plan_versions" (
   "id" INTEGER PRIMARY KEY,
   "plan_id" INTEGER NOT NULL REFERENCES "plans"("id"),
   "version" TEXT NOT NULL,
   "drafted_on" TEXT NOT NULL,
   "status" TEXT NOT NULL,
   "adopted_on" TEXT,
   "reviewed_by" TEXT,
   "reviewed_on" TEXT,
   "effective_on" TEXT,
   "next_revision_on" TEXT,
   "revision_reason" TEXT,
   "attachment" TEXT,
   "notes" TEXT,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
, "warning_signal" TEXT, "evacuate_signal" TEXT, "trigger_levels" TEXT, "evacuation_triggers" TEXT, "return_conditions" TEXT, "attachment_name" TEXT, "attachment_sha256" TEXT) STRICT;
CREATE INDEX idx_plan_versions_plan ON plan_versions(plan_id, id);
CREATE TABLE "shelters" (
   "id" INTEGER PRIMARY KEY,
   "village_id" INTEGER REFERENCES "villages"("id"),
   "name" TEXT NOT NULL,
   "place" TEXT NOT NULL,
   "capacity" INTEGER NOT NULL,
   "area" REAL,
   "manager" TEXT,
   "manager_phone" TEXT,
   "facilities" TEXT,
   "notes" TEXT,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
, "kind" TEXT, "hazards" TEXT) STRICT;
CREATE INDEX idx_shelters_village ON shelters(village_id);
CREATE TABLE "plan_steps" (
   "id" INTEGER PRIMARY KEY,
   "version_id" INTEGER NOT NULL REFERENCES "plan_versions"("id"),
   "section" TEXT NOT NULL,
   "position" INTEGER NOT NULL,
   "text" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
) STRICT;
CREATE INDEX idx_plan_steps_version_id_section_position ON plan_steps(version_id, section, position);
CREATE TABLE "plan_contacts" (
   "id" INTEGER PRIMARY KEY,
   "village_id" INTEGER REFERENCES "villages"("id"),
   "category" TEXT NOT NULL,
   "name" TEXT NOT NULL,
   "post" TEXT,
   "mobile" TEXT,
   "phone" TEXT,
   "person_id" INTEGER REFERENCES "people"("id"),
   "notes" TEXT,
   "sort_order" INTEGER,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
) STRICT;
CREATE INDEX idx_plan_contacts_village_id_sort_order ON plan_contacts(village_id, sort_order);
CREATE TABLE "work_group_members" (
   "id" INTEGER PRIMARY KEY,
   "village_id" INTEGER REFERENCES "villages"("id"),
   "subgroup" TEXT NOT NULL,
   "person_id" INTEGER NOT NULL REFERENCES "people"("id"),
   "duty" TEXT,
   "tasks" TEXT,
   "sort_order" INTEGER,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
) STRICT;
CREATE INDEX idx_work_group_members_village_id_subgroup ON work_group_members(village_id, subgroup);
CREATE TABLE "risk_points" (
   "id" INTEGER PRIMARY KEY,
   "village_id" INTEGER REFERENCES "villages"("id"),
   "name" TEXT NOT NULL,
   "kind" TEXT NOT NULL,
   "place" TEXT NOT NULL,
   "households" INTEGER,
   "people" INTEGER,
   "monitor_id" INTEGER REFERENCES "people"("id"),
   "monitor_method" TEXT,
   "warning_threshold" TEXT,
   "plan_kinds" TEXT,
   "status" TEXT NOT NULL,
   "notes" TEXT,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
) STRICT;
CREATE INDEX idx_risk_points_village_id ON risk_points(village_id);
CREATE TABLE "routes" (
   "id" INTEGER PRIMARY KEY,
   "village_id" INTEGER REFERENCES "villages"("id"),
   "name" TEXT NOT NULL,
   "start" TEXT NOT NULL,
   "shelter_id" INTEGER REFERENCES "shelters"("id"),
   "description" TEXT,
   "distance_m" INTEGER,
   "walk_minutes" INTEGER,
   "avoid" TEXT,
   "notes" TEXT,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
) STRICT;
CREATE INDEX idx_routes_village_id ON routes(village_id);
CREATE TABLE "teams" (
   "id" INTEGER PRIMARY KEY,
   "village_id" INTEGER REFERENCES "villages"("id"),
   "name" TEXT NOT NULL,
   "kind" TEXT NOT NULL,
   "leader" TEXT,
   "leader_phone" TEXT,
   "size" INTEGER,
   "members" TEXT,
   "equipment" TEXT,
   "notes" TEXT,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
) STRICT;
CREATE INDEX idx_teams_village_id ON teams(village_id);
CREATE TABLE "supplies" (
   "id" INTEGER PRIMARY KEY,
   "village_id" INTEGER REFERENCES "villages"("id"),
   "name" TEXT NOT NULL,
   "quantity" REAL NOT NULL,
   "unit" TEXT NOT NULL,
   "spec" TEXT,
   "place" TEXT,
   "keeper" TEXT,
   "keeper_phone" TEXT,
   "checked_on" TEXT,
   "expires_on" TEXT,
   "notes" TEXT,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
) STRICT;
CREATE INDEX idx_supplies_village_id ON supplies(village_id);
CREATE TABLE "emergency_cards" (
   "id" INTEGER PRIMARY KEY,
   "village_id" INTEGER REFERENCES "villages"("id"),
   "title" TEXT NOT NULL,
   "role" TEXT NOT NULL,
   "kind" TEXT NOT NULL,
   "trigger" TEXT NOT NULL,
   "steps" TEXT NOT NULL,
   "report_to" TEXT,
   "report_phone" TEXT,
   "cautions" TEXT,
   "version_on" TEXT,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
) STRICT;
CREATE INDEX idx_emergency_cards_village_id_kind ON emergency_cards(village_id, kind);
CREATE TABLE "households" (
   "id" INTEGER PRIMARY KEY,
   "village_id" INTEGER NOT NULL REFERENCES "villages"("id"),
   "head" TEXT NOT NULL,
   "group_name" TEXT NOT NULL,
   "address" TEXT NOT NULL,
   "size" INTEGER NOT NULL,
   "phone" TEXT,
   "residents" INTEGER,
   "vulnerable" TEXT,
   "vulnerable_detail" TEXT,
   "risk_point_id" INTEGER REFERENCES "risk_points"("id"),
   "helper_id" INTEGER REFERENCES "people"("id"),
   "shelter_id" INTEGER REFERENCES "shelters"("id"),
   "route_id" INTEGER REFERENCES "routes"("id"),
   "card_issued_on" TEXT,
   "notes" TEXT,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
) STRICT;
CREATE INDEX idx_households_village_id ON households(village_id);
CREATE TABLE "baobao_assignments" (
   "id" INTEGER PRIMARY KEY,
   "village_id" INTEGER REFERENCES "villages"("id"),
   "level" TEXT NOT NULL,
   "person_id" INTEGER NOT NULL REFERENCES "people"("id"),
   "target" TEXT NOT NULL,
   "post" TEXT,
   "backup_phone" TEXT,
   "household_id" INTEGER REFERENCES "households"("id"),
   "hazards" TEXT,
   "call_order" INTEGER NOT NULL,
   "escalate_to_id" INTEGER REFERENCES "people"("id"),
   "valid_from" TEXT,
   "changed_on" TEXT,
   "notes" TEXT,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
) STRICT;
CREATE INDEX idx_baobao_assignments_village_id_level_call_order ON baobao_assignments(village_id, level, call_order);
CREATE INDEX idx_baobao_assignments_person ON baobao_assignments(person_id);
CREATE TABLE "callouts" (
   "id" INTEGER PRIMARY KEY,
   "kind" TEXT NOT NULL,
   "level" TEXT NOT NULL,
   "issued_at" TEXT NOT NULL,
   "source" TEXT,
   "message" TEXT,
   "escalate_after" INTEGER NOT NULL,
   "started_by" TEXT,
   "closed_at" TEXT,
   "moved" INTEGER,
   "returned" INTEGER,
   "closing_note" TEXT,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
) STRICT;
CREATE INDEX idx_callouts_issued_at ON callouts(issued_at);
CREATE TABLE "callout_villages" (
   "callout_id" INTEGER NOT NULL REFERENCES "callouts"("id"),
   "village_id" INTEGER NOT NULL REFERENCES "villages"("id"),
   PRIMARY KEY ("callout_id", "village_id")
) STRICT;
CREATE TABLE "callout_calls" (
   "id" INTEGER PRIMARY KEY,
   "callout_id" INTEGER NOT NULL REFERENCES "callouts"("id"),
   "position" INTEGER NOT NULL,
   "village_id" INTEGER REFERENCES "villages"("id"),
   "level" TEXT NOT NULL,
   "name" TEXT NOT NULL,
   "role" TEXT,
   "phone" TEXT NOT NULL,
   "person_id" INTEGER REFERENCES "people"("id"),
   "assignment_id" INTEGER REFERENCES "baobao_assignments"("id"),
   "confirm" TEXT,
   "escalate_to_id" INTEGER REFERENCES "people"("id"),
   "answered_at" TEXT,
   "on_duty" INTEGER NOT NULL,
   "moved" INTEGER,
   "note" TEXT,
   "escalated_at" TEXT,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
) STRICT;
CREATE INDEX idx_callout_calls_callout_id_position ON callout_calls(callout_id, position);
CREATE TABLE "drill_rules" (
   "id" INTEGER PRIMARY KEY,
   "subject_kind" TEXT NOT NULL,
   "unit_type" TEXT,
   "category" TEXT,
   "min_count" INTEGER NOT NULL,
   "period" TEXT NOT NULL,
   "live_required" INTEGER NOT NULL,
   "basis" TEXT,
   "active" INTEGER NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
) STRICT;
CREATE INDEX idx_drill_rules_subject_kind_unit_type ON drill_rules(subject_kind, unit_type);
CREATE TABLE "drill_plan_items" (
   "id" INTEGER PRIMARY KEY,
   "first_year" INTEGER NOT NULL,
   "until_year" INTEGER,
   "seq" INTEGER NOT NULL,
   "title" TEXT NOT NULL,
   "subject_kind" TEXT NOT NULL,
   "village_id" INTEGER REFERENCES "villages"("id"),
   "unit_id" INTEGER REFERENCES "units"("id"),
   "organiser" TEXT,
   "lead" TEXT,
   "category" TEXT NOT NULL,
   "scope" TEXT NOT NULL,
   "form" TEXT NOT NULL,
   "plan_version_id" INTEGER REFERENCES "plan_versions"("id"),
   "recurrence" TEXT NOT NULL,
   "month" INTEGER NOT NULL,
   "day" INTEGER,
   "location" TEXT,
   "units" TEXT,
   "expected_participants" INTEGER,
   "budget" REAL,
   "notes" TEXT,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
) STRICT;
CREATE INDEX idx_drill_plan_items_first_year_until_year ON drill_plan_items(first_year, until_year);
CREATE TABLE "drill_plan_changes" (
   "id" INTEGER PRIMARY KEY,
   "item_id" INTEGER NOT NULL REFERENCES "drill_plan_items"("id"),
   "planned_on" TEXT NOT NULL,
   "action" TEXT NOT NULL,
   "new_on" TEXT,
   "reason" TEXT NOT NULL,
   "changed_on" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
) STRICT;
CREATE INDEX idx_drill_plan_changes_item_id_planned_on ON drill_plan_changes(item_id, planned_on);
CREATE TABLE "drills" (
   "id" INTEGER PRIMARY KEY,
   "record_no" TEXT,
   "plan_item_id" INTEGER REFERENCES "drill_plan_items"("id"),
   "title" TEXT NOT NULL,
   "organiser_kind" TEXT NOT NULL,
   "village_id" INTEGER REFERENCES "villages"("id"),
   "unit_id" INTEGER REFERENCES "units"("id"),
   "organiser" TEXT,
   "held_on" TEXT NOT NULL,
   "start_time" TEXT,
   "end_time" TEXT,
   "location" TEXT,
   "category" TEXT NOT NULL,
   "scope" TEXT NOT NULL,
   "form" TEXT NOT NULL,
   "plan_version_id" INTEGER REFERENCES "plan_versions"("id"),
   "commander" TEXT,
   "units" TEXT,
   "participants" INTEGER,
   "residents" INTEGER,
   "observers" TEXT,
   "scenario" TEXT,
   "timeline" TEXT,
   "equipment" TEXT,
   "evacuation_minutes" INTEGER,
   "conclusion" TEXT,
   "needs_plan_revision" INTEGER NOT NULL,
   "recorder" TEXT,
   "approver" TEXT,
   "reported_on" TEXT,
   "notes" TEXT,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
) STRICT;
CREATE INDEX idx_drills_held_on ON drills(held_on);
CREATE INDEX idx_drills_subject ON drills(organiser_kind, village_id, unit_id);
CREATE TABLE "drill_findings" (
   "id" INTEGER PRIMARY KEY,
   "drill_id" INTEGER NOT NULL REFERENCES "drills"("id"),
   "seq" INTEGER NOT NULL,
   "problem" TEXT NOT NULL,
   "action" TEXT,
   "responsible" TEXT,
   "due_on" TEXT,
   "hazard_id" INTEGER REFERENCES "hazards"("id"),
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX idx_drill_findings_seq ON drill_findings(drill_id, seq);
CREATE TABLE "drill_attachments" (
   "id" INTEGER PRIMARY KEY,
   "drill_id" INTEGER NOT NULL REFERENCES "drills"("id"),
   "kind" TEXT NOT NULL,
   "file" TEXT NOT NULL,
   "original_name" TEXT,
   "sha256" TEXT,
   "taken_on" TEXT,
   "note" TEXT,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
) STRICT;
CREATE INDEX idx_drill_attachments_drill ON drill_attachments(drill_id, kind, id);
CREATE UNIQUE INDEX idx_drill_attachments_file ON drill_attachments(file);
CREATE TABLE "drill_eval_templates" (
   "id" INTEGER PRIMARY KEY,
   "family" TEXT NOT NULL,
   "version" INTEGER NOT NULL,
   "name" TEXT NOT NULL,
   "form" TEXT,
   "basis" TEXT,
   "items" TEXT NOT NULL,
   "builtin" INTEGER NOT NULL,
   "retired" INTEGER NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX idx_drill_eval_templates_version ON drill_eval_templates(family, version);
CREATE TABLE "drill_evaluations" (
   "id" INTEGER PRIMARY KEY,
   "drill_id" INTEGER NOT NULL REFERENCES "drills"("id"),
   "template_id" INTEGER REFERENCES "drill_eval_templates"("id"),
   "evaluators" TEXT,
   "method" TEXT NOT NULL,
   "results" TEXT NOT NULL,
   "computed" TEXT NOT NULL,
   "override" TEXT,
   "override_reason" TEXT,
   "suggestions" TEXT,
   "evaluated_on" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX idx_drill_evaluations_drill ON drill_evaluations(drill_id);
CREATE INDEX idx_hazards_drill ON hazards(drill_id) WHERE drill_id IS NOT NULL;
