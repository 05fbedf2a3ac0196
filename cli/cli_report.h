/* crossings report (cli -> analysis). */
#ifndef CLI_REPORT_H
#define CLI_REPORT_H

int cli_cmd_report(int argc, char **argv);

#endif
