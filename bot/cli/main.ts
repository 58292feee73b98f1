/**
 * `npx shinchoku …`: the DX office's command line.
 *
 *   import <dir> [--plan <id>] [--dry-run]     load a plan folder (docs/import-format.md)
 *   members add|list|remove                    register LINE users to a plan
 *   chat [--user <id>] [--url <server>]        talk to the local bot as a LINE user
 *   synonyms add|list|remove --plan <id>       the office's search synonyms (docs/questions.md)
 *   richmenu deploy [--dry-run --out <dir>]    put the rich menus on LINE and link every member
 *   export report|opendata, backup, restore    reports, open data, backups (docs/exports.md)
 *   compare import|list|remove                 other cities' open data as reference series (docs/compare.md)
 *   setup [values] [--plan …] [--webhook …]    write .env, set the webhook, deploy menus, invite the office
 *   doctor [--json]                            check that the server is ready to go live
 * (setup and doctor: docs/setup-and-doctor.md)
 *
 * Every command uses the database named by DATABASE_URL (default file:./data/shinchoku.db). The
 * variables are read from the environment and from `.env` (or the file named by SHINCHOKU_ENV_FILE;
 * bot/setup/env-file.ts), the environment winning.
 */
import { Command, Option } from "commander";
import { ROLES } from "../../shared/roles.ts";
import { loadEnvFile } from "../setup/env-file.ts";
import { commonText, helpText as h, placeholders as ph } from "../text/cli.ts";
import { calendarCommand } from "./calendar.ts";
import { chatCommand } from "./chat.ts";
import { compareImportCommand, compareListCommand, compareRemoveCommand } from "./compare.ts";
import { demoCommand } from "./demo.ts";
import { digestCommand } from "./digest.ts";
import { doctorCommand } from "./doctor.ts";
import { registerExportCommands } from "./export.ts";
import { importCommand } from "./import.ts";
import { membersCommand } from "./members.ts";
import { planCommand } from "./plan.ts";
import { publishCommand } from "./publish.ts";
import { inviteCommand, remindCommand, scheduleCommand } from "./reminders.ts";
import { richMenuDeployCommand } from "./richmenu.ts";
import { setupCommand } from "./setup.ts";
import { statsCommand } from "./stats.ts";
import { synonymsCommand } from "./synonyms.ts";
import { templateCommand } from "./template.ts";

try {
  loadEnvFile();
} catch (err) {
  console.error(commonText.envFileUnreadable(String(err instanceof Error ? err.message : err)));
  process.exit(1);
}

const program = new Command().name("shinchoku").description(h.program).showHelpAfterError();

program
  .command("import")
  .description(h.import.about)
  .argument("<dir|file>", h.import.source)
  .option("--plan <id>", h.import.plan)
  .option("--dry-run", h.import.dryRun)
  .option("--update-board", h.import.updateBoard)
  .action(importCommand);

const members = program.command("members").description(h.members.about);
members
  .command("add")
  .description(h.members.add)
  .requiredOption("--plan <id>", h.planId)
  .requiredOption("--user <lineUserId>", h.members.user)
  .addOption(new Option("--role <role>", h.role).choices(ROLES).makeOptionMandatory())
  .option(`--org ${ph.orgName}`, h.orgOfMember)
  .option(`--name ${ph.displayName}`, h.members.name)
  .action(membersCommand.add);
members
  .command("list")
  .description(h.members.list)
  .requiredOption("--plan <id>", h.planId)
  .option("--all", h.members.all)
  .action(membersCommand.list);
members
  .command("remove")
  .description(h.members.remove)
  .requiredOption("--plan <id>", h.planId)
  .requiredOption("--user <lineUserId>", "LINE userId")
  .action(membersCommand.remove);

program
  .command("publish")
  .description(h.publish.about)
  .requiredOption("--plan <id>", h.planId)
  .option("--off", h.publish.off)
  .action(publishCommand);

const plan = program.command("plan").description(h.plan.about);
plan
  .command("set")
  .description(h.plan.set)
  .requiredOption("--plan <id>", h.planId)
  .addOption(new Option(`--approval ${ph.approval}`, h.plan.approval).choices(["required", "none"]))
  .option(`--budget ${ph.messages}`, h.plan.budget)
  .action(planCommand.set);
plan
  .command("show")
  .description(h.plan.show)
  .requiredOption("--plan <id>", h.planId)
  .action(planCommand.show);

program
  .command("template")
  .description(h.template.about)
  .requiredOption("--out <file>", h.template.out)
  .action(templateCommand);

program
  .command("invite")
  .description(h.invite.about)
  .requiredOption("--plan <id>", h.planId)
  .addOption(new Option("--role <role>", h.role).choices(ROLES).makeOptionMandatory())
  .option(`--org ${ph.orgName}`, h.orgOfMember)
  .option(`--days ${ph.days}`, h.invite.days, "14")
  .action(inviteCommand);

program
  .command("remind")
  .description(h.remind.about)
  .requiredOption("--plan <id>", h.planId)
  .option("--dry-run", h.remind.dryRun)
  .action(remindCommand);

program
  .command("stats")
  .description(h.stats.about)
  .requiredOption("--plan <id>", h.planId)
  .option("--from <YYYY-MM>", h.stats.from)
  .option("--to <YYYY-MM>", h.stats.to)
  .option(`--format ${ph.format}`, h.stats.format, "table")
  .action(statsCommand);

program
  .command("demo")
  .description(h.demo.about)
  .requiredOption("--plan <id>", h.demo.plan)
  .option(`--months ${ph.months}`, h.demo.months, "6")
  .option("--out <url>", h.demo.out)
  .option(`--seed ${ph.number}`, h.demo.seed)
  .option("--force", h.demo.force)
  .action(demoCommand);

const schedule = program.command("schedule").description(h.schedule.about);
schedule
  .command("set")
  .requiredOption("--plan <id>", h.planId)
  .requiredOption(`--day ${ph.day}`, h.schedule.day)
  .option("--time <HH:MM>", h.timeJst, "09:00")
  .addOption(
    new Option(`--period ${ph.period}`, h.schedule.period)
      .choices(["previous-month", "current-month"])
      .default("previous-month"),
  )
  .option(`--follow-up-days ${ph.days}`, h.schedule.followUpDays)
  .option(`--deadline-days ${ph.days}`, h.schedule.deadlineDays)
  .option("--escalate", h.schedule.escalate)
  .option("--disable", h.schedule.disable)
  .action(scheduleCommand.set);
schedule
  .command("show")
  .description(h.schedule.show)
  .requiredOption("--plan <id>", h.planId)
  .option("--from <YYYY-MM-DD>", h.schedule.from)
  .action(scheduleCommand.show);
schedule
  .command("year-end")
  .description(h.schedule.yearEnd)
  .requiredOption("--plan <id>", h.planId)
  .requiredOption("--range <MM-DD..MM-DD>", h.schedule.range)
  .action(calendarCommand.yearEnd);
const closed = schedule.command("closed").description(h.schedule.closed);
closed
  .command("add")
  .requiredOption("--plan <id>", h.planId)
  .requiredOption("--date <YYYY-MM-DD>", h.date)
  .requiredOption(`--name ${ph.name}`, h.schedule.closedName)
  .action(calendarCommand.addClosed);
closed
  .command("remove")
  .requiredOption("--plan <id>", h.planId)
  .requiredOption("--date <YYYY-MM-DD>", h.date)
  .action(calendarCommand.removeClosed);
closed.command("list").requiredOption("--plan <id>", h.planId).action(calendarCommand.listClosed);

program
  .command("digest")
  .description(h.digest.about)
  .requiredOption("--plan <id>", h.planId)
  .option("--send", h.digest.send)
  .option(`--to ${ph.audience}`, h.digest.to, "all")
  .option(`--schedule ${ph.cadence}`, h.digest.schedule)
  .option(`--day ${ph.day}`, h.digest.day)
  .option("--time <HH:MM>", h.timeJst, "08:30")
  .action(digestCommand);

const richmenu = program.command("richmenu").description(h.richmenu.about);
richmenu
  .command("deploy")
  .description(h.richmenu.deploy)
  .option("--dry-run", h.richmenu.dryRun)
  .option("--out <dir>", h.richmenu.out, "./richmenu")
  .action(richMenuDeployCommand);

program
  .command("chat")
  .description(h.chat.about)
  .option(
    "--url <url>",
    h.chat.url,
    process.env.SHINCHOKU_URL ?? `http://localhost:${process.env.PORT || 8787}`,
  )
  .option("--user <lineUserId>", h.chat.user, "Ulocal0000000000000000000000000000")
  .option("--once <text>", h.chat.once)
  .action(chatCommand);

const synonyms = program.command("synonyms").description(h.synonyms.about);
synonyms
  .command("add")
  .description(h.synonyms.add)
  .argument("<words...>", h.synonyms.words)
  .requiredOption("--plan <id>", h.planId)
  .action(synonymsCommand.add);
synonyms
  .command("list")
  .description(h.synonyms.list)
  .requiredOption("--plan <id>", h.planId)
  .action(synonymsCommand.list);
synonyms
  .command("remove")
  .description(h.synonyms.remove)
  .argument("<id>", h.synonyms.id)
  .requiredOption("--plan <id>", h.planId)
  .action(synonymsCommand.remove);

program
  .command("setup")
  .description(h.setup.about)
  .option("--public-url <url>", h.setup.publicUrl)
  .option("--channel-secret <secret>", h.setup.channelSecret)
  .option("--access-token <token>", h.setup.accessToken)
  .option("--login-channel-id <id>", h.setup.loginChannelId)
  .option("--liff-id <id>", "LIFF ID → LIFF_ID")
  .option("--database-url <url>", h.setup.databaseUrl)
  .option("--database-auth-token <token>", h.setup.databaseAuthToken)
  .option("--env-file <path>", h.setup.envFile)
  .option("--workers", h.setup.workers)
  .option("--plan <dir|file>", h.setup.plan)
  .option("--plan-id <id>", h.setup.planId)
  .option("--webhook", h.setup.webhook)
  .option("--richmenu", h.setup.richmenu)
  .option("--invite", h.setup.invite)
  .option(`--org ${ph.orgName}`, h.setup.org)
  .option("--no-doctor", h.setup.noDoctor)
  .option("--no-input", h.setup.noInput)
  .action(setupCommand);

program
  .command("doctor")
  .description(h.doctor.about)
  .option("--json", h.doctor.json)
  .action(doctorCommand);

registerExportCommands(program);

const compare = program.command("compare").description(h.compare.about);
compare
  .command("import")
  .description(h.compare.import)
  .argument("<csv>", h.compare.csv)
  .option(`--label ${ph.label}`, h.compare.label)
  .action(compareImportCommand);
compare.command("list").description(h.compare.list).action(compareListCommand);
compare
  .command("remove")
  .description(h.compare.remove)
  .argument("<label>", h.compare.labelArg)
  .action(compareRemoveCommand);

await program.parseAsync(process.argv);
