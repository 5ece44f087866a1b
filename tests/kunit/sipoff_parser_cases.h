/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipoff_parser_cases.h - the parser's test cases, shared by the userspace unit tests
 * (tests/unit/test_parser*.c, kselftest harness) and the KUnit suite
 * (tests/kunit/sipoff_parser_kunit.c).  Plain C on top of sipoff_plain.h.
 *
 * A case is a message (a corpus file by name, or inline bytes), the expected sipoff_parse()
 * result, and a list of field checks.  sipoff_pcase_run() parses and checks, returning NULL or
 * a short description of the first mismatch.
 */
#ifndef _SIPOFF_PARSER_CASES_H
#define _SIPOFF_PARSER_CASES_H

#include "sipoff_parser.h"

enum sipoff_pck {
	PCK_END = 0,
	PCK_ERR_HDR,		/* num: expected err_hdr */
	PCK_METHOD,		/* num */
	PCK_METHOD_TOK,		/* str */
	PCK_STATUS,		/* num */
	PCK_REASON,		/* str */
	PCK_RURI,		/* str */
	PCK_CALL_ID,		/* str */
	PCK_CSEQ,		/* num */
	PCK_CSEQ_METHOD,	/* num */
	PCK_MAX_FORWARDS,	/* num, -1 = absent */
	PCK_N_VIA,		/* num: total */
	PCK_N_VIA_IDX,		/* num: indexed */
	PCK_N_CONTACT,		/* num: total */
	PCK_N_ROUTE,		/* num: total */
	PCK_N_RR,		/* num: total */
	PCK_BODY_LEN,		/* num */
	PCK_BODY,		/* str */
	PCK_TAIL,		/* num */
	PCK_BRANCH,		/* str: top Via branch ("" = none) */
	PCK_BRANCH_3261,	/* num 0/1 */
	PCK_VIA_HOST,		/* idx, str */
	PCK_VIA_PORT,		/* idx, num (-1 = no port) */
	PCK_VIA_TRANSPORT,	/* idx, num (enum) */
	PCK_VIA_TRANSPORT_TOK,	/* idx, str */
	PCK_VIA_BRANCH,		/* idx, str */
	PCK_VIA_RECEIVED,	/* idx, str */
	PCK_VIA_RPORT,		/* idx, num: -1 = absent, 0 = no value, else value */
	PCK_FROM_TAG,		/* str ("" = none) */
	PCK_TO_TAG,		/* str ("" = none) */
	PCK_FROM_DISPLAY,	/* str */
	PCK_TO_DISPLAY,		/* str */
	PCK_FROM_URI,		/* str */
	PCK_TO_URI,		/* str */
	PCK_CONTACT_URI,	/* idx, str */
	PCK_CONTACT_VALUE,	/* idx, str */
	PCK_ROUTE_URI,		/* idx, str */
	PCK_RR_URI,		/* idx, str */
	PCK_FLAGS_SET,		/* num: all these SIPOFF_MF_* set */
	PCK_FLAGS_CLEAR,	/* num: all these clear */
	PCK_MISSING,		/* num: missing mask */
	PCK_CLEN,		/* num */
	PCK_CONTENT_TYPE,	/* str */
	PCK_EXPIRES,		/* num */
	PCK_EVENT,		/* str */
	PCK_EVENT_ID,		/* str */
	PCK_SUBSTATE,		/* num (enum) */
	PCK_SUBSTATE_REASON,	/* str */
	PCK_SUBSTATE_EXPIRES,	/* num */
	PCK_RSEQ,		/* num */
	PCK_RACK,		/* num: rseq, idx: cseq */
	PCK_RACK_METHOD,	/* num */
	PCK_TIMESTAMP,		/* str */
	PCK_PRESENT,		/* num: all these SIPOFF_HBIT() present */
	PCK_LEN,		/* num: m->len */
};

struct sipoff_pcheck {
	u8 what;
	u8 idx;
	s64 num;
	const char *str;
};

#define SIPOFF_PC_MAXCK 20

struct sipoff_pcase {
	const char *name;	/* corpus file without .dat, or a label */
	const char *data;	/* inline message; NULL: the corpus file */
	u32 len;		/* inline length, 0 = strlen(data) */
	u32 cap;		/* value cap given to sipoff_parse() */
	int err;		/* expected result */
	struct sipoff_pcheck ck[SIPOFF_PC_MAXCK];
};

#define CKN(w, n)	{ .what = PCK_##w, .num = (n) }
#define CKS(w, s)	{ .what = PCK_##w, .str = (s) }
#define CKIN(w, i, n)	{ .what = PCK_##w, .idx = (i), .num = (n) }
#define CKIS(w, i, s)	{ .what = PCK_##w, .idx = (i), .str = (s) }

/* ---------------------------------------------------------------------------------------- */
/* RFC 4475: one entry per message; the verdicts are docs/parser-verdicts.md                */

static const struct sipoff_pcase sipoff_rfc4475_cases[] = {
	{ "wsinv", .err = SIPOFF_PERR_OK, .ck = {
		CKN(METHOD, SIPOFF_M_INVITE), CKS(RURI, "sip:vivekg@chair-dnrc.example.com;unknownparam"),
		CKN(N_VIA, 3), CKS(BRANCH, "390skdjuw"), CKN(BRANCH_3261, 0),
		CKIS(VIA_HOST, 1, "spindle.example.com"), CKIS(VIA_BRANCH, 1, "z9hG4bK9ikj8"),
		CKIS(VIA_BRANCH, 2, "z9hG4bK30239"), CKIN(VIA_TRANSPORT, 1, SIPOFF_T_TCP),
		CKN(CSEQ, 9), CKN(MAX_FORWARDS, 68), CKS(TO_TAG, "1918181833n"),
		CKS(FROM_TAG, "98asjd8"), CKS(CALL_ID, "wsinv.ndaksdj@192.0.2.1"),
		CKN(N_ROUTE, 1), CKN(N_CONTACT, 1), CKN(BODY_LEN, 150) } },
	{ "intmeth", .err = SIPOFF_PERR_OK, .ck = {
		CKN(METHOD, SIPOFF_M_UNKNOWN),
		CKS(METHOD_TOK, "!interesting-Method0123456789_*+`.%indeed'~"),
		CKS(CALL_ID, "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{"),
		CKN(CSEQ, 139122385), CKN(CSEQ_METHOD, SIPOFF_M_UNKNOWN), CKN(MAX_FORWARDS, 255),
		CKS(FROM_TAG, "_token~1'+`*%!-."), CKS(FROM_DISPLAY, "token1~` token2'+_ token3*%!.-"),
		CKS(BRANCH, "z9hG4bK-.!%66*_+`'~"), CKN(BODY_LEN, 0) } },
	{ "esc01", .err = SIPOFF_PERR_OK, .ck = {
		CKS(RURI, "sip:sips%3Auser%40example.com@example.net"), CKN(N_CONTACT, 1),
		CKIS(CONTACT_URI, 0, "sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31"),
		CKS(CALL_ID, "esc01.239409asdfakjkn23onasd0-3234"), CKN(BODY_LEN, 150) } },
	{ "escnull", .err = SIPOFF_PERR_OK, .ck = {
		CKN(METHOD, SIPOFF_M_REGISTER), CKN(N_CONTACT, 2),
		CKIS(CONTACT_URI, 0, "sip:%00@host5.example.com"),
		CKIS(CONTACT_URI, 1, "sip:%00%00@host5.example.com"), CKN(CLEN, 0) } },
	{ "esc02", .err = SIPOFF_PERR_OK, .ck = {
		CKN(METHOD, SIPOFF_M_UNKNOWN), CKS(METHOD_TOK, "RE%47IST%45R"), CKN(N_CONTACT, 2),
		CKIS(CONTACT_URI, 0, "sip:alias1@host1.example.com"),
		CKIS(CONTACT_URI, 1, "sip:alias3@host3.example.com"),
		CKS(TO_DISPLAY, "\"%Z%45\""), CKIN(VIA_TRANSPORT, 0, SIPOFF_T_TCP) } },
	{ "lwsdisp", .err = SIPOFF_PERR_OK, .ck = {
		CKN(METHOD, SIPOFF_M_OPTIONS), CKS(FROM_DISPLAY, "caller"),
		CKS(FROM_URI, "sip:caller@example.com"), CKS(FROM_TAG, "323") } },
	{ "longreq", .err = SIPOFF_PERR_OK, .ck = {
		CKN(N_VIA, 34), CKN(N_VIA_IDX, SIPOFF_MAX_VIA), CKN(FLAGS_SET, SIPOFF_MF_VIA_TRUNC),
		CKIS(VIA_HOST, 0, "sip33.example.com"), CKIS(VIA_HOST, 7, "sip26.example.com"),
		CKS(BRANCH, ""), CKN(CSEQ, 3882340), CKN(N_CONTACT, 1), CKN(BODY_LEN, 150),
		CKN(MAX_FORWARDS, 70) } },
	{ "dblreq", .err = SIPOFF_PERR_OK, .ck = {
		CKN(METHOD, SIPOFF_M_REGISTER), CKN(BODY_LEN, 0), CKN(TAIL, 450), CKN(LEN, 300),
		CKN(FLAGS_SET, SIPOFF_MF_EXCESS),
		CKS(CALL_ID, "dblreq.0ha0isndaksdj99sdfafnl3lk233412"),
		CKS(BRANCH, "z9hG4bKkdjuw23492") } },
	{ "semiuri", .err = SIPOFF_PERR_OK, .ck = {
		CKS(RURI, "sip:user;par=u%40example.net@example.com"), CKN(METHOD, SIPOFF_M_OPTIONS) } },
	{ "transports", .err = SIPOFF_PERR_OK, .ck = {
		CKN(N_VIA, 5), CKIN(VIA_TRANSPORT, 0, SIPOFF_T_UDP), CKIN(VIA_TRANSPORT, 1, SIPOFF_T_SCTP),
		CKIN(VIA_TRANSPORT, 2, SIPOFF_T_TLS), CKIN(VIA_TRANSPORT, 3, SIPOFF_T_OTHER),
		CKIS(VIA_TRANSPORT_TOK, 3, "UNKNOWN"), CKIN(VIA_TRANSPORT, 4, SIPOFF_T_TCP),
		CKS(CALL_ID, "transports.kijh4akdnaqjkwendsasfdj") } },
	{ "mpart01", .err = SIPOFF_PERR_OK, .ck = {
		CKN(METHOD, SIPOFF_M_MESSAGE), CKN(BODY_LEN, 553), CKN(TAIL, 0),
		CKS(CONTENT_TYPE, "multipart/mixed;boundary=7a9cbec02ceef655"),
		CKIN(VIA_RPORT, 0, 0), CKIN(VIA_PORT, 0, 5070), CKN(N_ROUTE, 1),
		CKIS(ROUTE_URI, 0, "sip:127.0.0.1:5080") } },
	{ "unreason", .err = SIPOFF_PERR_OK, .ck = {
		CKN(STATUS, 200), CKN(METHOD, SIPOFF_M_INVITE), CKN(BODY_LEN, 154), CKS(TO_TAG, "2229") } },
	{ "noreason", .err = SIPOFF_PERR_OK, .ck = {
		CKN(STATUS, 100), CKS(REASON, ""), CKS(TO_TAG, "902jndnke3") } },
	{ "badinv01", .err = SIPOFF_PERR_BAD_VIA, .ck = { CKN(ERR_HDR, SIPOFF_H_VIA) } },
	{ "clerr", .err = SIPOFF_PERR_CLEN_OVERRUN },
	{ "ncl", .err = SIPOFF_PERR_BAD_CONTENT_LENGTH, .ck = {
		CKN(ERR_HDR, SIPOFF_H_CONTENT_LENGTH) } },
	{ "scalar02", .err = SIPOFF_PERR_CSEQ_RANGE, .ck = { CKN(ERR_HDR, SIPOFF_H_CSEQ) } },
	{ "scalarlg", .err = SIPOFF_PERR_CSEQ_RANGE, .ck = { CKN(ERR_HDR, SIPOFF_H_CSEQ) } },
	{ "quotbal", .err = SIPOFF_PERR_BAD_TO, .ck = { CKN(ERR_HDR, SIPOFF_H_TO) } },
	{ "ltgtruri", .err = SIPOFF_PERR_BAD_RURI },
	{ "lwsruri", .err = SIPOFF_PERR_BAD_RURI },
	{ "lwsstart", .err = SIPOFF_PERR_BAD_START_LINE },
	{ "trws", .err = SIPOFF_PERR_BAD_START_LINE },
	{ "escruri", .err = SIPOFF_PERR_BAD_RURI },
	{ "baddate", .err = SIPOFF_PERR_OK, .ck = { CKN(BODY_LEN, 150), CKN(METHOD, SIPOFF_M_INVITE) } },
	{ "regbadct", .err = SIPOFF_PERR_BAD_CONTACT, .ck = { CKN(ERR_HDR, SIPOFF_H_CONTACT) } },
	{ "badaspec", .err = SIPOFF_PERR_BAD_TO, .ck = { CKN(ERR_HDR, SIPOFF_H_TO) } },
	{ "baddn", .err = SIPOFF_PERR_BAD_FROM, .ck = { CKN(ERR_HDR, SIPOFF_H_FROM) } },
	{ "badvers", .err = SIPOFF_PERR_BAD_VERSION },
	{ "mismatch01", .err = SIPOFF_PERR_CSEQ_METHOD },
	{ "mismatch02", .err = SIPOFF_PERR_CSEQ_METHOD },
	{ "bigcode", .err = SIPOFF_PERR_BAD_STATUS_CODE },
	{ "badbranch", .err = SIPOFF_PERR_OK, .ck = {
		CKS(BRANCH, "z9hG4bK"), CKN(BRANCH_3261, 0), CKN(METHOD, SIPOFF_M_OPTIONS) } },
	{ "insuf", .err = SIPOFF_PERR_MISSING_HEADER, .ck = {
		CKN(MISSING, SIPOFF_HBIT(SIPOFF_H_FROM) | SIPOFF_HBIT(SIPOFF_H_TO) |
			     SIPOFF_HBIT(SIPOFF_H_CALL_ID)) } },
	{ "unkscm", .err = SIPOFF_PERR_OK, .ck = {
		CKS(RURI, "nobodyKnowsThisScheme:totallyopaquecontent") } },
	{ "novelsc", .err = SIPOFF_PERR_OK, .ck = { CKS(RURI, "soap.beep://192.0.2.103:3002") } },
	{ "unksm2", .err = SIPOFF_PERR_OK, .ck = {
		CKS(TO_URI, "isbn:2983792873"), CKS(FROM_URI, "http://www.example.com"),
		CKIS(CONTACT_URI, 0, "name:John_Smith") } },
	{ "bext01", .err = SIPOFF_PERR_OK, .ck = {
		CKN(PRESENT, SIPOFF_HBIT(SIPOFF_H_REQUIRE) | SIPOFF_HBIT(SIPOFF_H_PROXY_REQUIRE)),
		CKN(FLAGS_CLEAR, SIPOFF_MF_REQUIRE_100REL | SIPOFF_MF_PROXY_REQUIRE_100REL),
		CKIN(VIA_TRANSPORT, 0, SIPOFF_T_TLS) } },
	{ "invut", .err = SIPOFF_PERR_OK, .ck = {
		CKS(CONTENT_TYPE, "application/unknownformat"), CKN(BODY_LEN, 40) } },
	{ "regaut01", .err = SIPOFF_PERR_OK, .ck = { CKN(CLEN, 0), CKN(METHOD, SIPOFF_M_REGISTER) } },
	{ "multi01", .err = SIPOFF_PERR_DUP_HEADER, .ck = { CKN(ERR_HDR, SIPOFF_H_CSEQ) } },
	{ "mcl01", .err = SIPOFF_PERR_CLEN_CONFLICT, .ck = {
		CKN(ERR_HDR, SIPOFF_H_CONTENT_LENGTH) } },
	{ "bcast", .err = SIPOFF_PERR_OK, .ck = {
		CKN(STATUS, 200), CKN(N_VIA, 2), CKIS(VIA_HOST, 1, "255.255.255.255"), CKN(BODY_LEN, 154) } },
	{ "zeromf", .err = SIPOFF_PERR_OK, .ck = { CKN(MAX_FORWARDS, 0) } },
	{ "cparam01", .err = SIPOFF_PERR_OK, .ck = {
		CKIS(CONTACT_URI, 0, "sip:+19725552222@gw1.example.net"),
		CKIS(CONTACT_VALUE, 0, "sip:+19725552222@gw1.example.net;unknownparam") } },
	{ "cparam02", .err = SIPOFF_PERR_OK, .ck = {
		CKIS(CONTACT_URI, 0, "sip:+19725552222@gw1.example.net;unknownparam") } },
	{ "regescrt", .err = SIPOFF_PERR_OK, .ck = {
		CKIS(CONTACT_URI, 0, "sip:user@example.com?Route=%3Csip:sip.example.com%3E") } },
	{ "sdp01", .err = SIPOFF_PERR_OK, .ck = { CKN(BODY_LEN, 150) } },
	{ "inv2543", .err = SIPOFF_PERR_OK, .ck = {
		CKS(BRANCH, ""), CKS(FROM_TAG, ""), CKN(MAX_FORWARDS, -1),
		CKN(FLAGS_SET, SIPOFF_MF_CLEN_ABSENT), CKN(BODY_LEN, 105), CKN(N_RR, 1),
		CKIS(RR_URI, 0, "sip:UserB@example.com;maddr=ss1.example.com") } },
};

/* ---------------------------------------------------------------------------------------- */
/* Header forms and boundary cases, inline                                                   */

#define PC_RL	"INVITE sip:bob@example.com SIP/2.0\r\n"
#define PC_VIA	"Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n"
#define PC_REST	"Max-Forwards: 70\r\n" \
		"To: Bob <sip:bob@example.com>\r\n" \
		"From: Alice <sip:alice@example.com>;tag=1928301774\r\n" \
		"Call-ID: a84b4c76e66710@pc33.example.com\r\n" \
		"CSeq: 314159 INVITE\r\n"
#define PC_REQ(extra)	PC_RL PC_VIA PC_REST extra "\r\n"
#define PC_RESP(sl, extra)	sl "\r\n" PC_VIA "To: Bob <sip:bob@example.com>;tag=a6c85cf\r\n" \
		"From: Alice <sip:alice@example.com>;tag=1928301774\r\n" \
		"Call-ID: a84b4c76e66710@pc33.example.com\r\nCSeq: 314159 INVITE\r\n" extra "\r\n"

static const struct sipoff_pcase sipoff_form_cases[] = {
	{ "basic_invite", PC_REQ(""), .err = SIPOFF_PERR_OK, .ck = {
		CKN(METHOD, SIPOFF_M_INVITE), CKS(RURI, "sip:bob@example.com"),
		CKS(BRANCH, "z9hG4bK776asdhds"), CKN(BRANCH_3261, 1),
		CKIS(VIA_HOST, 0, "192.0.2.1"), CKIN(VIA_PORT, 0, 5060),
		CKIN(VIA_TRANSPORT, 0, SIPOFF_T_UDP), CKS(FROM_TAG, "1928301774"), CKS(TO_TAG, ""),
		CKS(CALL_ID, "a84b4c76e66710@pc33.example.com"), CKN(CSEQ, 314159),
		CKN(CSEQ_METHOD, SIPOFF_M_INVITE), CKN(MAX_FORWARDS, 70),
		CKN(FLAGS_SET, SIPOFF_MF_CLEN_ABSENT | SIPOFF_MF_REQUEST), CKN(BODY_LEN, 0),
		CKS(FROM_DISPLAY, "Alice"), CKS(TO_URI, "sip:bob@example.com") } },
	{ "compact_forms", "OPTIONS sip:b@example.com SIP/2.0\r\n"
		"v: SIP/2.0/UDP h1;branch=z9hG4bKc1\r\nf: <sip:a@example.com>;tag=ft\r\n"
		"t: sip:b@example.com\r\ni: cid-compact\r\nm: <sip:a@h1>\r\nl: 4\r\n"
		"c: text/plain\r\no: presence;id=7\r\nk: 100rel\r\ns: subject\r\n"
		"CSeq: 1 OPTIONS\r\n\r\nbody", .err = SIPOFF_PERR_OK, .ck = {
		CKS(BRANCH, "z9hG4bKc1"), CKS(FROM_TAG, "ft"), CKS(TO_URI, "sip:b@example.com"),
		CKS(CALL_ID, "cid-compact"), CKIS(CONTACT_URI, 0, "sip:a@h1"), CKN(CLEN, 4),
		CKS(BODY, "body"), CKS(CONTENT_TYPE, "text/plain"), CKS(EVENT, "presence"),
		CKS(EVENT_ID, "7"), CKN(FLAGS_SET, SIPOFF_MF_SUPPORTED_100REL),
		CKN(MAX_FORWARDS, -1) } },
	{ "name_case", "OPTIONS sip:b@example.com SIP/2.0\r\nVIA: SIP/2.0/udp h1;BRANCH=z9hG4bKx1\r\n"
		"fROM: <sip:a@example.com>;TAG=ft\r\nTO: sip:b@example.com\r\ncAlL-iD: cid\r\n"
		"cseq: 1 OPTIONS\r\nCONTENT-LENGTH: 0\r\n\r\n", .err = SIPOFF_PERR_OK, .ck = {
		CKS(BRANCH, "z9hG4bKx1"), CKIN(VIA_TRANSPORT, 0, SIPOFF_T_UDP), CKS(FROM_TAG, "ft"),
		CKS(CALL_ID, "cid"), CKN(CLEN, 0) } },
	{ "method_case_sensitive", "invite sip:b@example.com SIP/2.0\r\n" PC_VIA
		"To: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: x\r\n"
		"CSeq: 2 invite\r\n\r\n", .err = SIPOFF_PERR_OK, .ck = {
		CKN(METHOD, SIPOFF_M_UNKNOWN), CKS(METHOD_TOK, "invite"),
		CKN(CSEQ_METHOD, SIPOFF_M_UNKNOWN) } },
	{ "folding_and_lws", "INVITE sip:bob@example.com SIP/2.0\r\n"
		"Via  :  SIP / 2.0 / UDP\r\n  192.0.2.1 : 5060\r\n\t; branch = z9hG4bKfold\r\n"
		"To :\r\n <sip:bob@example.com>\r\nFrom: \"A \\\"q\\\" B\"\r\n <sip:a@example.com> ;\r\n tag = 77\r\n"
		"Call-ID:\r\n\tfold@host\r\nCSeq: 7\r\n INVITE\r\nSubject: a\r\n b\r\n\r\n",
		.err = SIPOFF_PERR_OK, .ck = {
		CKS(BRANCH, "z9hG4bKfold"), CKIN(VIA_PORT, 0, 5060), CKIS(VIA_HOST, 0, "192.0.2.1"),
		CKS(FROM_TAG, "77"), CKS(FROM_DISPLAY, "\"A \\\"q\\\" B\""), CKS(CALL_ID, "fold@host"),
		CKN(CSEQ, 7), CKS(TO_URI, "sip:bob@example.com") } },
	{ "via_list_order", "OPTIONS sip:b@example.com SIP/2.0\r\n"
		"Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1 , SIP/2.0/TCP b.example.com:5070;branch=z9hG4bK2\r\n"
		"To: <sip:b@example.com>\r\nVia: SIP/2.0/TLS c.example.com;branch=z9hG4bK3\r\n"
		"From: <sip:a@example.com>;tag=1\r\nCall-ID: x\r\nCSeq: 2 OPTIONS\r\n\r\n",
		.err = SIPOFF_PERR_OK, .ck = {
		CKN(N_VIA, 3), CKIS(VIA_HOST, 0, "a.example.com"), CKIS(VIA_HOST, 1, "b.example.com"),
		CKIN(VIA_PORT, 1, 5070), CKIS(VIA_HOST, 2, "c.example.com"),
		CKIS(VIA_BRANCH, 2, "z9hG4bK3"), CKIN(VIA_PORT, 0, -1) } },
	{ "via_cap", "OPTIONS sip:b@example.com SIP/2.0\r\n"
		"Via: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2, SIP/2.0/UDP c\r\n"
		"To: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: x\r\n"
		"CSeq: 2 OPTIONS\r\n\r\n", .cap = 2, .err = SIPOFF_PERR_OK, .ck = {
		CKN(N_VIA, 3), CKN(N_VIA_IDX, 2), CKN(FLAGS_SET, SIPOFF_MF_VIA_TRUNC),
		CKIS(VIA_HOST, 1, "b") } },
	{ "via_received_rport", "SIP/2.0 200 OK\r\n"
		"Via: SIP/2.0/UDP h.example.com:5060;rport=5062;received=10.0.0.1;branch=z9hG4bKr\r\n"
		"Via: SIP/2.0/UDP [2001:db8::1]:5080;rport;branch=z9hG4bKs\r\n"
		"To: <sip:b@example.com>;tag=2\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: x\r\n"
		"CSeq: 2 OPTIONS\r\nContent-Length: 0\r\n\r\n", .err = SIPOFF_PERR_OK, .ck = {
		CKN(STATUS, 200), CKS(REASON, "OK"), CKN(METHOD, SIPOFF_M_OPTIONS),
		CKIS(VIA_RECEIVED, 0, "10.0.0.1"), CKIN(VIA_RPORT, 0, 5062),
		CKIS(VIA_HOST, 1, "2001:db8::1"), CKIN(VIA_PORT, 1, 5080), CKIN(VIA_RPORT, 1, 0),
		CKIN(VIA_RPORT, 0, 5062), CKS(TO_TAG, "2"), CKN(FLAGS_CLEAR, SIPOFF_MF_REQUEST) } },
	{ "via_2543_no_cookie", "OPTIONS sip:b@example.com SIP/2.0\r\n"
		"Via: SIP/2.0/UDP a;branch=1234\r\nTo: <sip:b@example.com>\r\n"
		"From: <sip:a@example.com>\r\nCall-ID: x\r\nCSeq: 2 OPTIONS\r\n\r\n",
		.err = SIPOFF_PERR_OK, .ck = { CKS(BRANCH, "1234"), CKN(BRANCH_3261, 0), CKS(FROM_TAG, "") } },
	{ "via_bad_version", PC_RL "Via: SIP/3.0/UDP a;branch=z9hG4bK1\r\n" PC_REST "\r\n",
		.err = SIPOFF_PERR_BAD_VIA },
	{ "via_bad_port", PC_RL "Via: SIP/2.0/UDP a:70000;branch=z9hG4bK1\r\n" PC_REST "\r\n",
		.err = SIPOFF_PERR_BAD_VIA },
	{ "via_empty_branch", PC_RL "Via: SIP/2.0/UDP a;branch=\r\n" PC_REST "\r\n",
		.err = SIPOFF_PERR_BAD_VIA },
	{ "via_trailing_comma", PC_RL "Via: SIP/2.0/UDP a;branch=z9hG4bK1,\r\n" PC_REST "\r\n",
		.err = SIPOFF_PERR_BAD_VIA },
	{ "route_rr_order", PC_REQ("Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n"
		"Record-Route: <sip:r1.example.com;lr>\r\nRoute: \"x\" <sip:p3.example.com;lr>\r\n"
		"Record-Route: <sip:r2.example.com;lr>,<sip:r3.example.com;lr>\r\n"),
		.err = SIPOFF_PERR_OK, .ck = {
		CKN(N_ROUTE, 3), CKIS(ROUTE_URI, 0, "sip:p1.example.com;lr"),
		CKIS(ROUTE_URI, 1, "sip:p2.example.com;lr"), CKIS(ROUTE_URI, 2, "sip:p3.example.com;lr"),
		CKN(N_RR, 3), CKIS(RR_URI, 0, "sip:r1.example.com;lr"),
		CKIS(RR_URI, 2, "sip:r3.example.com;lr") } },
	{ "route_needs_angle", PC_REQ("Route: sip:p1.example.com;lr\r\n"), .err = SIPOFF_PERR_BAD_ROUTE },
	{ "rr_cap", PC_REQ("Record-Route: <sip:r1>,<sip:r2>,<sip:r3>\r\n"), .cap = 2,
		.err = SIPOFF_PERR_OK, .ck = { CKN(N_RR, 3), CKN(FLAGS_SET, SIPOFF_MF_RR_TRUNC) } },
	{ "contact_list", PC_REQ("Contact: \"Doe, John\" <sip:j@x.example.com>;q=0.5, <sip:k@y.example.com>\r\n"
		"m: sip:l@z.example.com;expires=60\r\n"), .err = SIPOFF_PERR_OK, .ck = {
		CKN(N_CONTACT, 3), CKIS(CONTACT_URI, 0, "sip:j@x.example.com"),
		CKIS(CONTACT_VALUE, 0, "\"Doe, John\" <sip:j@x.example.com>;q=0.5"),
		CKIS(CONTACT_URI, 1, "sip:k@y.example.com"), CKIS(CONTACT_URI, 2, "sip:l@z.example.com") } },
	{ "contact_star", "REGISTER sip:example.com SIP/2.0\r\n" PC_VIA
		"To: <sip:a@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: x\r\n"
		"CSeq: 3 REGISTER\r\nContact: *\r\nExpires: 0\r\n\r\n", .err = SIPOFF_PERR_OK, .ck = {
		CKN(FLAGS_SET, SIPOFF_MF_CONTACT_STAR), CKN(N_CONTACT, 0), CKN(EXPIRES, 0),
		CKN(PRESENT, SIPOFF_HBIT(SIPOFF_H_EXPIRES)) } },
	{ "contact_empty_param", PC_REQ("Contact: <sip:a@b>;;x\r\n"), .err = SIPOFF_PERR_BAD_CONTACT },
	{ "cseq_max", PC_RL PC_VIA "To: <sip:b@e>\r\nFrom: <sip:a@e>;tag=1\r\nCall-ID: x\r\n"
		"CSeq: 4294967295 INVITE\r\n\r\n", .err = SIPOFF_PERR_OK, .ck = { CKN(CSEQ, 4294967295LL) } },
	{ "cseq_overflow", PC_RL PC_VIA "To: <sip:b@e>\r\nFrom: <sip:a@e>;tag=1\r\nCall-ID: x\r\n"
		"CSeq: 4294967296 INVITE\r\n\r\n", .err = SIPOFF_PERR_CSEQ_RANGE },
	{ "cseq_no_method", PC_RL PC_VIA "To: <sip:b@e>\r\nFrom: <sip:a@e>;tag=1\r\nCall-ID: x\r\n"
		"CSeq: 12\r\n\r\n", .err = SIPOFF_PERR_BAD_CSEQ },
	{ "cseq_not_number", PC_RL PC_VIA "To: <sip:b@e>\r\nFrom: <sip:a@e>;tag=1\r\nCall-ID: x\r\n"
		"CSeq: x1 INVITE\r\n\r\n", .err = SIPOFF_PERR_BAD_CSEQ },
	{ "ack_cseq", "ACK sip:bob@example.com SIP/2.0\r\n" PC_VIA "To: <sip:b@e>;tag=2\r\n"
		"From: <sip:a@e>;tag=1\r\nCall-ID: x\r\nCSeq: 5 ACK\r\n\r\n", .err = SIPOFF_PERR_OK,
		.ck = { CKN(METHOD, SIPOFF_M_ACK), CKN(CSEQ_METHOD, SIPOFF_M_ACK) } },
	{ "max_forwards_256", PC_RL PC_VIA "Max-Forwards: 256\r\n\r\n", .err = SIPOFF_PERR_BAD_MAX_FORWARDS },
	{ "clen_over_32bit", PC_REQ("Content-Length: 4294967296\r\n"), .err = SIPOFF_PERR_BAD_CONTENT_LENGTH },
	{ "clen_max_u32", PC_REQ("Content-Length: 4294967295\r\n"), .err = SIPOFF_PERR_CLEN_OVERRUN },
	{ "clen_huge_digits", PC_REQ("Content-Length: 000000000000000000000000000000000000000000001\r\n") "x",
		.err = SIPOFF_PERR_OK, .ck = { CKN(CLEN, 1), CKS(BODY, "x") } },
	{ "clen_word", PC_REQ("Content-Length: five\r\n"), .err = SIPOFF_PERR_BAD_CONTENT_LENGTH },
	{ "clen_negative", PC_REQ("Content-Length: -1\r\n"), .err = SIPOFF_PERR_BAD_CONTENT_LENGTH },
	{ "clen_trailing_junk", PC_REQ("Content-Length: 1 2\r\n"), .err = SIPOFF_PERR_BAD_CONTENT_LENGTH },
	{ "clen_empty", PC_REQ("Content-Length:\r\n"), .err = SIPOFF_PERR_BAD_CONTENT_LENGTH },
	{ "clen_repeat_same", PC_REQ("Content-Length: 3\r\nl: 3\r\n") "abc", .err = SIPOFF_PERR_OK,
		.ck = { CKN(CLEN, 3), CKS(BODY, "abc") } },
	{ "clen_repeat_diff", PC_REQ("Content-Length: 3\r\nl: 2\r\n") "abc", .err = SIPOFF_PERR_CLEN_CONFLICT },
	{ "body_excess", PC_REQ("Content-Length: 2\r\n") "abXYZ", .err = SIPOFF_PERR_OK, .ck = {
		CKS(BODY, "ab"), CKN(TAIL, 3), CKN(FLAGS_SET, SIPOFF_MF_EXCESS) } },
	{ "body_nul_bytes", PC_REQ("Content-Length: 3\r\n") "a\0b", .len = sizeof(PC_REQ("Content-Length: 3\r\n") "a\0b") - 1,
		.err = SIPOFF_PERR_OK, .ck = { CKN(BODY_LEN, 3), CKN(TAIL, 0) } },
	{ "body_absent_clen", PC_REQ("") "rest of datagram", .err = SIPOFF_PERR_OK, .ck = {
		CKS(BODY, "rest of datagram"), CKN(FLAGS_SET, SIPOFF_MF_CLEN_ABSENT) } },
	{ "event_substate", "NOTIFY sip:a@example.com SIP/2.0\r\n" PC_VIA
		"To: <sip:a@e>;tag=2\r\nFrom: <sip:b@e>;tag=1\r\nCall-ID: x\r\nCSeq: 9 NOTIFY\r\n"
		"Event: refer;id=93809824\r\nSubscription-State: terminated;reason=noresource;retry-after=4\r\n"
		"\r\n", .err = SIPOFF_PERR_OK, .ck = {
		CKN(METHOD, SIPOFF_M_NOTIFY), CKS(EVENT, "refer"), CKS(EVENT_ID, "93809824"),
		CKN(SUBSTATE, SIPOFF_SS_TERMINATED), CKS(SUBSTATE_REASON, "noresource") } },
	{ "substate_active_expires", "NOTIFY sip:a@example.com SIP/2.0\r\n" PC_VIA
		"To: <sip:a@e>;tag=2\r\nFrom: <sip:b@e>;tag=1\r\nCall-ID: x\r\nCSeq: 9 NOTIFY\r\n"
		"o: presence\r\nSubscription-State: active ; expires = 3600\r\n\r\n",
		.err = SIPOFF_PERR_OK, .ck = {
		CKN(SUBSTATE, SIPOFF_SS_ACTIVE), CKN(SUBSTATE_EXPIRES, 3600),
		CKN(FLAGS_SET, SIPOFF_MF_SS_EXPIRES), CKS(EVENT, "presence"), CKS(EVENT_ID, "") } },
	{ "substate_bad", PC_REQ("Subscription-State: ;x\r\n"), .err = SIPOFF_PERR_BAD_SUB_STATE },
	{ "expires_clamped", PC_REQ("Expires: 99999999999999999999\r\n"), .err = SIPOFF_PERR_OK, .ck = {
		CKN(EXPIRES, 4294967295LL), CKN(FLAGS_SET, SIPOFF_MF_EXPIRES_CLAMPED) } },
	{ "expires_bad", PC_REQ("Expires: soon\r\n"), .err = SIPOFF_PERR_BAD_EXPIRES },
	{ "require_100rel", PC_REQ("Require: timer, 100rel\r\nProxy-Require: 100rel\r\nSupported:\r\n"),
		.err = SIPOFF_PERR_OK, .ck = {
		CKN(FLAGS_SET, SIPOFF_MF_REQUIRE_100REL | SIPOFF_MF_PROXY_REQUIRE_100REL),
		CKN(FLAGS_CLEAR, SIPOFF_MF_SUPPORTED_100REL) } },
	{ "require_empty", PC_REQ("Require:\r\n"), .err = SIPOFF_PERR_BAD_OPTION_TAGS },
	{ "refer_sub_false", "REFER sip:b@example.com SIP/2.0\r\n" PC_VIA
		"To: <sip:b@e>;tag=2\r\nFrom: <sip:a@e>;tag=1\r\nCall-ID: x\r\nCSeq: 3 REFER\r\n"
		"Refer-To: <sip:c@e>\r\nRefer-Sub: false\r\n\r\n", .err = SIPOFF_PERR_OK, .ck = {
		CKN(METHOD, SIPOFF_M_REFER), CKN(FLAGS_SET, SIPOFF_MF_REFER_SUB_FALSE) } },
	{ "refer_sub_bad", PC_REQ("Refer-Sub: maybe\r\n"), .err = SIPOFF_PERR_BAD_REFER_SUB },
	{ "rseq", PC_RESP("SIP/2.0 183 Session Progress", "RSeq: 988789\r\nRequire: 100rel\r\n"),
		.err = SIPOFF_PERR_OK, .ck = {
		CKN(STATUS, 183), CKN(RSEQ, 988789), CKN(FLAGS_SET, SIPOFF_MF_REQUIRE_100REL),
		CKN(PRESENT, SIPOFF_HBIT(SIPOFF_H_RSEQ)) } },
	{ "rack", "PRACK sip:b@example.com SIP/2.0\r\n" PC_VIA
		"To: <sip:b@e>;tag=2\r\nFrom: <sip:a@e>;tag=1\r\nCall-ID: x\r\nCSeq: 2 PRACK\r\n"
		"RAck: 776656 1 INVITE\r\n\r\n", .err = SIPOFF_PERR_OK, .ck = {
		CKN(METHOD, SIPOFF_M_PRACK), CKIN(RACK, 1, 776656), CKN(RACK_METHOD, SIPOFF_M_INVITE) } },
	{ "rack_bad", PC_REQ("RAck: 1 INVITE\r\n"), .err = SIPOFF_PERR_BAD_RACK },
	{ "timestamp", PC_REQ("Timestamp: 54.03 0.5\r\n"), .err = SIPOFF_PERR_OK, .ck = {
		CKS(TIMESTAMP, "54.03 0.5") } },
	{ "timestamp_bad", PC_REQ("Timestamp: abc\r\n"), .err = SIPOFF_PERR_BAD_TIMESTAMP },
	{ "dup_call_id", PC_REQ("i: other\r\n"), .err = SIPOFF_PERR_DUP_HEADER, .ck = {
		CKN(ERR_HDR, SIPOFF_H_CALL_ID) } },
	{ "missing_via", PC_RL PC_REST "\r\n", .err = SIPOFF_PERR_MISSING_HEADER, .ck = {
		CKN(MISSING, SIPOFF_HBIT(SIPOFF_H_VIA)) } },
	{ "missing_cseq", PC_RL PC_VIA "To: <sip:b@e>\r\nFrom: <sip:a@e>;tag=1\r\nCall-ID: x\r\n\r\n",
		.err = SIPOFF_PERR_MISSING_HEADER, .ck = { CKN(MISSING, SIPOFF_HBIT(SIPOFF_H_CSEQ)) } },
	{ "unknown_header_kept_out", PC_REQ("X-Weird: ;;,,\"unbalanced\r\nSubject:\r\n"),
		.err = SIPOFF_PERR_OK },
	{ "header_no_colon", PC_REQ("Garbage line\r\n"), .err = SIPOFF_PERR_BAD_HEADER },
	{ "header_starts_with_space", PC_RL " Via: x\r\n\r\n", .err = SIPOFF_PERR_BAD_HEADER },
	{ "response_180", PC_RESP("SIP/2.0 180 Ringing", "Contact: <sip:bob@192.0.2.4>\r\n"),
		.err = SIPOFF_PERR_OK, .ck = {
		CKN(STATUS, 180), CKS(REASON, "Ringing"), CKS(TO_TAG, "a6c85cf"),
		CKN(METHOD, SIPOFF_M_INVITE), CKIS(CONTACT_URI, 0, "sip:bob@192.0.2.4") } },
	{ "response_no_sp_after_code", PC_RESP("SIP/2.0 200", ""), .err = SIPOFF_PERR_BAD_START_LINE },
	{ "response_empty_reason", PC_RESP("SIP/2.0 200 ", ""), .err = SIPOFF_PERR_OK, .ck = {
		CKN(STATUS, 200), CKS(REASON, "") } },
	{ "status_099", PC_RESP("SIP/2.0 099 Low", ""), .err = SIPOFF_PERR_BAD_STATUS_CODE },
	{ "status_700", PC_RESP("SIP/2.0 700 High", ""), .err = SIPOFF_PERR_BAD_STATUS_CODE },
	{ "status_2digits", PC_RESP("SIP/2.0 20 OK", ""), .err = SIPOFF_PERR_BAD_STATUS_CODE },
	{ "status_version", PC_RESP("SIP/2.1 200 OK", ""), .err = SIPOFF_PERR_BAD_VERSION },
	{ "reason_ctl", PC_RESP("SIP/2.0 200 O\x01K", ""), .err = SIPOFF_PERR_BAD_REASON },
	{ "ruri_no_scheme", "INVITE bob SIP/2.0\r\n" PC_VIA PC_REST "\r\n", .err = SIPOFF_PERR_BAD_RURI },
	{ "ruri_sips_headers", "INVITE sips:bob@example.com?Subject=x SIP/2.0\r\n" PC_VIA PC_REST "\r\n",
		.err = SIPOFF_PERR_BAD_RURI },
	{ "request_no_version", "INVITE sip:bob@example.com\r\n" PC_VIA PC_REST "\r\n",
		.err = SIPOFF_PERR_BAD_START_LINE },
	{ "request_lower_version", "INVITE sip:bob@example.com sip/2.0\r\n" PC_VIA PC_REST "\r\n",
		.err = SIPOFF_PERR_BAD_START_LINE },
	{ "lf_only_lines", "OPTIONS sip:b@example.com SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bKlf\n"
		"To: <sip:b@e>\nFrom: <sip:a@e>;tag=1\nCall-ID: lf\nCSeq: 1 OPTIONS\n"
		"Content-Length: 2\n\nhi", .err = SIPOFF_PERR_OK, .ck = {
		CKN(FLAGS_SET, SIPOFF_MF_BARE_LF), CKS(BODY, "hi"), CKS(CALL_ID, "lf"),
		CKS(BRANCH, "z9hG4bKlf") } },
	{ "cr_only_lines", "OPTIONS sip:b@example.com SIP/2.0\rVia: SIP/2.0/UDP h;branch=z9hG4bKlf\r"
		"To: <sip:b@e>\rFrom: <sip:a@e>;tag=1\rCall-ID: cr\rCSeq: 1 OPTIONS\r\r",
		.err = SIPOFF_PERR_TRUNCATED },
	{ "cr_only_after_start", "OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKlf\r"
		"To: <sip:b@e>\rFrom: <sip:a@e>;tag=1\rCall-ID: cr\rCSeq: 1 OPTIONS\r\r",
		.err = SIPOFF_PERR_TRUNCATED },
	{ "no_final_blank_line", PC_RL PC_VIA PC_REST, .err = SIPOFF_PERR_TRUNCATED },
	{ "header_cut_at_last_byte", PC_RL PC_VIA "Max-Forwards: 7", .err = SIPOFF_PERR_TRUNCATED },
	{ "header_name_cut", PC_RL PC_VIA "Max-Forw", .err = SIPOFF_PERR_TRUNCATED },
	{ "fold_at_last_byte", PC_RL PC_VIA "Subject: x\r\n ", .err = SIPOFF_PERR_TRUNCATED },
	{ "start_line_cut", "INVITE sip:bob@exam", .err = SIPOFF_PERR_TRUNCATED },
	{ "nul_in_header_name", PC_RL "Vi\0a: x\r\n" PC_REST "\r\n", .len = sizeof(PC_RL "Vi\0a: x\r\n" PC_REST "\r\n") - 1,
		.err = SIPOFF_PERR_BAD_HEADER },
	{ "nul_in_call_id", PC_RL PC_VIA "To: <sip:b@e>\r\nFrom: <sip:a@e>;tag=1\r\nCall-ID: a\0b\r\n\r\n",
		.len = sizeof(PC_RL PC_VIA "To: <sip:b@e>\r\nFrom: <sip:a@e>;tag=1\r\nCall-ID: a\0b\r\n\r\n") - 1,
		.err = SIPOFF_PERR_BAD_CALL_ID },
	{ "nul_in_method", "INV\0TE sip:b@e SIP/2.0\r\n\r\n", .len = sizeof("INV\0TE sip:b@e SIP/2.0\r\n\r\n") - 1,
		.err = SIPOFF_PERR_BAD_START_LINE },
	{ "nul_in_unknown_value", PC_REQ("X-Bin: a\0b\r\n"), .len = sizeof(PC_REQ("X-Bin: a\0b\r\n")) - 1,
		.err = SIPOFF_PERR_OK },
	{ "leading_crlf", "\r\n" PC_REQ(""), .err = SIPOFF_PERR_BAD_START_LINE },
	{ "keepalive_crlf", "\r\n\r\n", .err = SIPOFF_PERR_KEEPALIVE },
	{ "keepalive_lf", "\n", .err = SIPOFF_PERR_KEEPALIVE },
	{ "empty", "", .err = SIPOFF_PERR_KEEPALIVE },
	{ "stun_binding", "\x00\x01\x00\x00\x21\x12\xa4\x42" "abcdefghijkl", .len = 20,
		.err = SIPOFF_PERR_STUN },
	{ "stun_no_cookie", "\x00\x01\x00\x00\x21\x12\xa4\x43" "abcdefghijkl", .len = 20,
		.err = SIPOFF_PERR_TRUNCATED },
	{ "binary_junk", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", .err = SIPOFF_PERR_TRUNCATED },
};

/* ---------------------------------------------------------------------------------------- */

static inline bool sipoff_pc_streq(const u8 *buf, struct sipoff_span s, const char *str)
{
	u32 n = 0;

	while (str[n])
		n++;
	return s.len == n && !memcmp(buf + s.off, str, n);
}

static inline u32 sipoff_pc_strlen(const char *s)
{
	u32 n = 0;

	while (s[n])
		n++;
	return n;
}

/*
 * Parse @buf and check a case.  Returns NULL when everything matches, else a static string
 * naming the first mismatch ("result" or the check).  @m is caller storage.
 */
static inline const char *sipoff_pcase_run(const struct sipoff_pcase *pc, const u8 *buf, u32 len,
					   struct sipoff_msg *m, int *got)
{
	static const char * const names[] = {
		"end", "err_hdr", "method", "method_tok", "status", "reason", "ruri", "call_id",
		"cseq", "cseq_method", "max_forwards", "n_via", "n_via_idx", "n_contact", "n_route",
		"n_rr", "body_len", "body", "tail", "branch", "branch_3261", "via_host", "via_port",
		"via_transport", "via_transport_tok", "via_branch", "via_received", "via_rport",
		"from_tag", "to_tag", "from_display", "to_display", "from_uri", "to_uri",
		"contact_uri", "contact_value", "route_uri", "rr_uri", "flags_set", "flags_clear",
		"missing", "clen", "content_type", "expires", "event", "event_id", "substate",
		"substate_reason", "substate_expires", "rseq", "rack", "rack_method", "timestamp",
		"present", "len",
	};
	const struct sipoff_via *v;
	int i, err;
	bool ok;

	err = sipoff_parse(buf, len, pc->cap, m);
	*got = err;
	if (err != pc->err)
		return "result";
	for (i = 0; i < SIPOFF_PC_MAXCK && pc->ck[i].what != PCK_END; i++) {
		const struct sipoff_pcheck *c = &pc->ck[i];
		u8 ix = c->idx;

		v = ix < m->n_via ? &m->via[ix] : NULL;
		switch (c->what) {
		case PCK_ERR_HDR: ok = m->err_hdr == c->num; break;
		case PCK_METHOD: ok = m->method == c->num; break;
		case PCK_METHOD_TOK: ok = sipoff_pc_streq(buf, m->method_tok, c->str); break;
		case PCK_STATUS: ok = m->status == c->num; break;
		case PCK_REASON: ok = sipoff_pc_streq(buf, m->reason, c->str); break;
		case PCK_RURI: ok = sipoff_pc_streq(buf, m->ruri, c->str); break;
		case PCK_CALL_ID: ok = sipoff_pc_streq(buf, m->call_id, c->str); break;
		case PCK_CSEQ: ok = m->cseq == c->num; break;
		case PCK_CSEQ_METHOD: ok = m->cseq_method == c->num; break;
		case PCK_MAX_FORWARDS:
			ok = c->num < 0 ? !sipoff_msg_has(m, SIPOFF_H_MAX_FORWARDS) :
			     sipoff_msg_has(m, SIPOFF_H_MAX_FORWARDS) && m->max_forwards == c->num;
			break;
		case PCK_N_VIA: ok = m->n_via_total == c->num; break;
		case PCK_N_VIA_IDX: ok = m->n_via == c->num; break;
		case PCK_N_CONTACT: ok = m->n_contact_total == c->num; break;
		case PCK_N_ROUTE: ok = m->n_route_total == c->num; break;
		case PCK_N_RR: ok = m->n_rr_total == c->num; break;
		case PCK_BODY_LEN: ok = m->body.len == c->num; break;
		case PCK_BODY: ok = sipoff_pc_streq(buf, m->body, c->str); break;
		case PCK_TAIL: ok = m->tail == c->num; break;
		case PCK_BRANCH:
			v = sipoff_top_via(m);
			ok = v && (c->str[0] ? (v->flags & SIPOFF_VF_BRANCH) &&
					       sipoff_pc_streq(buf, v->branch, c->str) :
					       !(v->flags & SIPOFF_VF_BRANCH));
			break;
		case PCK_BRANCH_3261:
			v = sipoff_top_via(m);
			/* The flag the transaction layer keys on says the same (issue 10 item 9). */
			ok = v && sipoff_via_branch_is_3261(v) == !!c->num &&
			     !!(v->flags & SIPOFF_VF_COOKIE) == !!c->num;
			break;
		case PCK_VIA_HOST: ok = v && sipoff_pc_streq(buf, v->host, c->str); break;
		case PCK_VIA_PORT:
			ok = v && (c->num < 0 ? !(v->flags & SIPOFF_VF_PORT) :
				   (v->flags & SIPOFF_VF_PORT) && v->port == c->num);
			break;
		case PCK_VIA_TRANSPORT: ok = v && v->transport_id == c->num; break;
		case PCK_VIA_TRANSPORT_TOK: ok = v && sipoff_pc_streq(buf, v->transport, c->str); break;
		case PCK_VIA_BRANCH: ok = v && sipoff_pc_streq(buf, v->branch, c->str); break;
		case PCK_VIA_RECEIVED:
			ok = v && (v->flags & SIPOFF_VF_RECEIVED) &&
			     sipoff_pc_streq(buf, v->received, c->str);
			break;
		case PCK_VIA_RPORT:
			ok = v && (c->num < 0 ? !(v->flags & SIPOFF_VF_RPORT) :
				   c->num == 0 ? (v->flags & SIPOFF_VF_RPORT) &&
						 !(v->flags & SIPOFF_VF_RPORT_VALUE) :
				   (v->flags & SIPOFF_VF_RPORT_VALUE) && v->rport_val == c->num);
			break;
		case PCK_FROM_TAG: ok = sipoff_pc_streq(buf, m->from.tag, c->str); break;
		case PCK_TO_TAG: ok = sipoff_pc_streq(buf, m->to.tag, c->str); break;
		case PCK_FROM_DISPLAY: ok = sipoff_pc_streq(buf, m->from.display, c->str); break;
		case PCK_TO_DISPLAY: ok = sipoff_pc_streq(buf, m->to.display, c->str); break;
		case PCK_FROM_URI: ok = sipoff_pc_streq(buf, m->from.uri, c->str); break;
		case PCK_TO_URI: ok = sipoff_pc_streq(buf, m->to.uri, c->str); break;
		case PCK_CONTACT_URI:
			ok = ix < m->n_contact && sipoff_pc_streq(buf, m->contact[ix].uri, c->str);
			break;
		case PCK_CONTACT_VALUE:
			ok = ix < m->n_contact && sipoff_pc_streq(buf, m->contact[ix].value, c->str);
			break;
		case PCK_ROUTE_URI:
			ok = ix < m->n_route && sipoff_pc_streq(buf, m->route[ix].uri, c->str);
			break;
		case PCK_RR_URI:
			ok = ix < m->n_rr && sipoff_pc_streq(buf, m->rr[ix].uri, c->str);
			break;
		case PCK_FLAGS_SET: ok = (m->flags & c->num) == c->num; break;
		case PCK_FLAGS_CLEAR: ok = !(m->flags & c->num); break;
		case PCK_MISSING: ok = m->missing == c->num; break;
		case PCK_CLEN:
			ok = sipoff_msg_has(m, SIPOFF_H_CONTENT_LENGTH) && m->content_length == c->num;
			break;
		case PCK_CONTENT_TYPE: ok = sipoff_pc_streq(buf, m->content_type, c->str); break;
		case PCK_EXPIRES: ok = m->expires == c->num; break;
		case PCK_EVENT: ok = sipoff_pc_streq(buf, m->event, c->str); break;
		case PCK_EVENT_ID: ok = sipoff_pc_streq(buf, m->event_id, c->str); break;
		case PCK_SUBSTATE: ok = m->substate == c->num; break;
		case PCK_SUBSTATE_REASON: ok = sipoff_pc_streq(buf, m->substate_reason, c->str); break;
		case PCK_SUBSTATE_EXPIRES: ok = m->substate_expires == c->num; break;
		case PCK_RSEQ: ok = m->rseq == c->num; break;
		case PCK_RACK: ok = m->rack_rseq == c->num && m->rack_cseq == c->idx; break;
		case PCK_RACK_METHOD: ok = m->rack_method == c->num; break;
		case PCK_TIMESTAMP: ok = sipoff_pc_streq(buf, m->timestamp, c->str); break;
		case PCK_PRESENT: ok = (m->present & c->num) == c->num; break;
		case PCK_LEN: ok = m->len == c->num; break;
		default: ok = false; break;
		}
		if (!ok)
			return c->what < ARRAY_SIZE(names) ? names[c->what] : "?";
	}
	return NULL;
}

/* Inline case data and length. */
static inline u32 sipoff_pcase_len(const struct sipoff_pcase *pc)
{
	return pc->len ? pc->len : sipoff_pc_strlen(pc->data);
}

/* ---------------------------------------------------------------------------------------- */
/* Generated big messages (buffers from the caller; return the length, 0 if it does not fit) */

static inline u32 sipoff_pc_put(u8 *buf, u32 cap, u32 off, const char *s)
{
	u32 n = sipoff_pc_strlen(s);

	if (off + n > cap)
		return cap + 1;
	memcpy(buf + off, s, n);
	return off + n;
}

/* n Via header fields (one per line when @lines, else one comma-separated field). */
static inline u32 sipoff_pc_many_vias(u8 *buf, u32 cap, u32 n, bool lines)
{
	u32 off = 0, i;

	off = sipoff_pc_put(buf, cap, off, "OPTIONS sip:b@example.com SIP/2.0\r\n");
	if (!lines)
		off = sipoff_pc_put(buf, cap, off, "Via: ");
	for (i = 0; i < n && off <= cap; i++) {
		if (lines)
			off = sipoff_pc_put(buf, cap, off, "Via: ");
		else if (i)
			off = sipoff_pc_put(buf, cap, off, ",");
		off = sipoff_pc_put(buf, cap, off, "SIP/2.0/UDP h.example.com;branch=z9hG4bKv");
		if (lines)
			off = sipoff_pc_put(buf, cap, off, "\r\n");
	}
	if (!lines)
		off = sipoff_pc_put(buf, cap, off, "\r\n");
	off = sipoff_pc_put(buf, cap, off, "To: <sip:b@e>\r\nFrom: <sip:a@e>;tag=1\r\n"
			    "Call-ID: many\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
	return off > cap ? 0 : off;
}

/* A request whose @which value (0 = Subject, 1 = Call-ID, 2 = branch) is @n bytes long. */
static inline u32 sipoff_pc_long_value(u8 *buf, u32 cap, u32 n, int which)
{
	u32 off = 0, i;

	off = sipoff_pc_put(buf, cap, off, "OPTIONS sip:b@example.com SIP/2.0\r\n"
			    "Via: SIP/2.0/UDP h.example.com;branch=z9hG4bK");
	if (which == 2)
		for (i = 0; i < n && off < cap; i++)
			buf[off++] = 'b';
	off = sipoff_pc_put(buf, cap, off, "\r\nTo: <sip:b@e>\r\nFrom: <sip:a@e>;tag=1\r\n"
			    "CSeq: 1 OPTIONS\r\nCall-ID: ");
	if (which == 1)
		for (i = 0; i < n && off < cap; i++)
			buf[off++] = 'c';
	else
		off = sipoff_pc_put(buf, cap, off, "short");
	off = sipoff_pc_put(buf, cap, off, "\r\nSubject: ");
	if (which == 0)
		for (i = 0; i < n && off < cap; i++)
			buf[off++] = 's';
	off = sipoff_pc_put(buf, cap, off, "\r\nContent-Length: 0\r\n\r\n");
	return off > cap ? 0 : off;
}

#endif /* _SIPOFF_PARSER_CASES_H */
