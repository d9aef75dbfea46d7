"""Builders for Android's telephony and contacts databases, in their real schemas.

Each ``create_*`` function makes an empty SQLite database with the CREATE TABLE / VIEW /
INDEX statements the phone itself writes, and returns an open connection; the
``insert_*`` functions add rows in the format's native conventions (Unix milliseconds for
SMS and calls, Unix *seconds* for MMS, Telephony type codes, WAP address-type codes) with
``executemany`` (a million SMS take about 20 s, most of it SQLite maintaining the
indexes). Everything is deterministic: ids are assigned in insertion order and no
wall-clock time is used.

Schemas (where each statement comes from):

* ``mmssms.db``

  - ``"android4"``: the AOSP telephony provider of Android 4.x, statement for statement
    from ``plaso_mmssms.db`` (log2timeline/plaso test data, an Android 4.x emulator);
  - ``"android14"``: AOSP ``MmsSmsDatabaseHelper`` of Android 14 as created on a new device
    (``CREATE_SMS_TABLE_STRING``, ``CREATE_PDU_TABLE_STR``, ``CREATE_ADDR_TABLE_STR``,
    ``CREATE_PART_TABLE_STR``, ``createCommonTables``, ``createWordsTables``,
    ``createIndices``, the ``*_restricted`` views);
  - ``"samsung_s10"``: the 41-table Samsung Galaxy S10 (One UI) schema, statement for
    statement from the DFRWS 2021 challenge image (``dfrws2021_samsung_mmssms.db``), less
    the ``dec_sms`` table the challenge authors added (see :func:`create_dec_sms`).

  The provider's triggers (which keep ``threads`` counts and snippets up to date on every
  insert) are left out: they make bulk inserts quadratic. :func:`finish_threads` sets the
  same ``threads`` columns in one pass after the inserts.

* ``calllog.db`` (Android 7+): statement for statement from ``andriller_calllog.db``
  (den4uk/andriller test data, an Android 10 call log).

* ``contacts2.db``

  - ``"android4"``: from ``plaso_contacts2.db`` (Android 4.x, with the ``calls`` table that
    moved to ``calllog.db`` in Android 7); the sample lacks ``raw_contacts``, which is
    taken from AOSP ``ContactsDatabaseHelper`` of that generation (``account_id`` into
    ``accounts``, no ``pinned``);
  - ``"android14"``: AOSP ``ContactsDatabaseHelper`` of Android 12-14 for the tables the
    contacts adapter reads (``accounts``, ``raw_contacts``, ``packages``, ``mimetypes``,
    ``data``, ``contacts``), no ``calls`` table; the ``accounts`` columns added after the
    first four (SIM and sync settings) are left out.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Samsung Galaxy S10 (One UI), from the DFRWS 2021 image, dec_sms and FTS shadow tables left out.
SAMSUNG_S10_MMSSMS = (
    'CREATE TABLE android_metadata (locale TEXT)',
    'CREATE TABLE pdu (_id INTEGER PRIMARY KEY AUTOINCREMENT,thread_id INTEGER,date INTEGER,date_sent INTEGER DEFAULT 0,msg_box INTEGER,read INTEGER DEFAULT 0,m_id TEXT,sub TEXT,sub_cs INTEGER,ct_t TEXT,ct_l TEXT,exp INTEGER,m_cls TEXT,m_type INTEGER,v INTEGER,m_size INTEGER,pri INTEGER,rr INTEGER,rpt_a INTEGER,resp_st INTEGER,st INTEGER,tr_id TEXT,retr_st INTEGER,retr_txt TEXT,retr_txt_cs INTEGER,read_status INTEGER,ct_cls INTEGER,resp_txt TEXT,d_tm INTEGER,d_rpt INTEGER,locked INTEGER DEFAULT 0,sub_id INTEGER DEFAULT -1, seen INTEGER DEFAULT 0,creator TEXT,sim_slot INTEGER DEFAULT 0,sim_imsi TEXT,deletable INTEGER DEFAULT 0,hidden INTEGER DEFAULT 0,app_id INTEGER DEFAULT 0,msg_id INTEGER DEFAULT 0,callback_set INTEGER DEFAULT 0,reserved INTEGER DEFAULT 0,text_only INTEGER DEFAULT 0,spam_report INTEGER DEFAULT 0,secret_mode INTEGER DEFAULT 0,safe_message INTEGER DEFAULT 0,favorite INTEGER DEFAULT 0,d_rpt_st INTEGER DEFAULT 0,rr_st INTEGER DEFAULT 0,using_mode INTEGER DEFAULT 0,from_address TEXT,device_name TEXT,correlation_tag TEXT,object_id TEXT,cmc_prop TEXT)',
    'CREATE INDEX pduIndex1 ON pdu (thread_id,locked)',
    'CREATE TABLE addr (_id INTEGER PRIMARY KEY,msg_id INTEGER,contact_id INTEGER,address TEXT,type INTEGER,charset INTEGER)',
    'CREATE INDEX addrIndex1 ON addr (msg_id)',
    'CREATE TABLE part (_id INTEGER PRIMARY KEY AUTOINCREMENT,mid INTEGER,seq INTEGER DEFAULT 0,ct TEXT,name TEXT,chset INTEGER,cd TEXT,fn TEXT,cid TEXT,cl TEXT,ctt_s INTEGER,ctt_t TEXT,_data TEXT,text TEXT,sef_type INTEGER DEFAULT 0)',
    'CREATE INDEX partIndex1 ON part (mid)',
    'CREATE TABLE rate (sent_time INTEGER)',
    'CREATE TABLE drm (_id INTEGER PRIMARY KEY,_data TEXT)',
    'CREATE VIEW pdu_restricted AS SELECT * FROM pdu WHERE (msg_box=1 OR msg_box=2) AND (m_type!=130)',
    'CREATE TABLE sms (_id INTEGER PRIMARY KEY AUTOINCREMENT,thread_id INTEGER,address TEXT,person INTEGER,date INTEGER,date_sent INTEGER DEFAULT 0,protocol INTEGER,read INTEGER DEFAULT 0,status INTEGER DEFAULT -1,type INTEGER,reply_path_present INTEGER,subject TEXT,body TEXT,service_center TEXT,locked INTEGER DEFAULT 0,error_code INTEGER DEFAULT -1,sub_id  INTEGER DEFAULT -1, creator TEXT,seen INTEGER DEFAULT 0,deletable INTEGER DEFAULT 0,sim_slot INTEGER DEFAULT 0,sim_imsi TEXT,hidden INTEGER DEFAULT 0,group_id INTEGER,group_type INTEGER,delivery_date INTEGER,app_id INTEGER DEFAULT 0,msg_id INTEGER DEFAULT 0,callback_number TEXT,reserved INTEGER DEFAULT 0,pri INTEGER DEFAULT 0,teleservice_id INTEGER DEFAULT 0,link_url TEXT,svc_cmd INTEGER DEFAULT 0,svc_cmd_content TEXT,roam_pending INTEGER DEFAULT 0,spam_report INTEGER DEFAULT 0,secret_mode INTEGER DEFAULT 0,safe_message INTEGER DEFAULT 0,favorite INTEGER DEFAULT 0,d_rpt_cnt INTEGER DEFAULT 0,using_mode INTEGER DEFAULT 0,from_address TEXT,announcements_subtype INTEGER DEFAULT 0,announcements_scenario_id TEXT,device_name TEXT,correlation_tag TEXT,object_id TEXT,cmc_prop TEXT)',
    'CREATE TABLE raw (_id INTEGER PRIMARY KEY,date INTEGER,reference_number INTEGER,count INTEGER,sequence INTEGER,destination_port INTEGER,address TEXT,format TEXT,sim_slot INTEGER DEFAULT 0,sub_id  INTEGER DEFAULT -1, pdu TEXT,deleted INTEGER DEFAULT 0,message_body TEXT,display_originating_addr TEXT)',
    'CREATE TABLE incomplete_lms (_id INTEGER PRIMARY KEY,address TEXT,reference_number INTEGER,uri TEXT)',
    'CREATE TABLE attachments (sms_id INTEGER,content_url TEXT,offset INTEGER)',
    'CREATE TABLE sr_pending (reference_number INTEGER,action TEXT,data TEXT)',
    'CREATE VIEW sms_restricted AS SELECT * FROM sms WHERE type=1 OR type=2',
    'CREATE TABLE im (_id INTEGER PRIMARY KEY AUTOINCREMENT,thread_id INTEGER DEFAULT 0,transaction_id INTEGER DEFAULT 0,address TEXT,date_sent INTEGER DEFAULT 0,date INTEGER DEFAULT 0,read INTEGER DEFAULT 0,status INTEGER DEFAULT 0,type INTEGER DEFAULT 0,body TEXT,display_notification_status INTEGER DEFAULT 0,seen INTEGER DEFAULT 0,message_type INTEGER DEFAULT 0,session_id TEXT,content_type TEXT,hidden INTEGER DEFAULT 0,locked INTEGER DEFAULT 0,displayed_counter INTEGER DEFAULT 0,reserved INTEGER DEFAULT 0,imdn_message_id TEXT,rcsdb_id TEXT, user_alias TEXT,delivered_timestamp INTEGER DEFAULT 0,remote_uri TEXT,service_type INTEGER DEFAULT 0,sim_slot INTEGER DEFAULT 0,sim_imsi TEXT,recipients TEXT,sticker_id TEXT,delivered_count INTEGER DEFAULT 0,timedmsg_expiry INTEGER DEFAULT 0,secret_mode INTEGER DEFAULT 0,ext_info TEXT,app_id INTEGER DEFAULT 0,msg_id INTEGER DEFAULT 0,secret_message INTEGER DEFAULT 0,mcloud_filename TEXT,favorite INTEGER DEFAULT 0,using_mode INTEGER DEFAULT 0,updated_timestamp INTEGER DEFAULT 0,from_address TEXT,device_name TEXT,safe_message INTEGER DEFAULT 0,safe_image_path TEXT,spam_report INTEGER DEFAULT 0,creator TEXT,correlation_tag TEXT,object_id TEXT,cmc_prop TEXT,is_bot INTEGER DEFAULT 0)',
    'CREATE TABLE ft (_id INTEGER PRIMARY KEY AUTOINCREMENT,thread_id INTEGER,transaction_id INTEGER DEFAULT 0,bytes_transf INTEGER,file_name TEXT,file_path TEXT,file_size INTEGER DEFAULT 0,thumbnail_path TEXT,cancel_reason INTEGER,display_notification_status INTEGER DEFAULT 0,session_id TEXT,content_type TEXT,media_id INTEGER DEFAULT 0,seen INTEGER DEFAULT 0,read INTEGER DEFAULT 0,type INTEGER DEFAULT 0,address TEXT,date INTEGER,date_sent INTEGER,status INTEGER DEFAULT 0,hidden INTEGER DEFAULT 0,locked INTEGER DEFAULT 0,reject_reason INTEGER,chat_session_id TEXT,rcsdb_id INTEGER,delivered_timestamp INTEGER DEFAULT 0,remote_uri TEXT,message_type INTEGER DEFAULT 0,user_alias TEXT,displayed_counter INTEGER DEFAULT 0,reserved INTEGER DEFAULT 0,service_type INTEGER DEFAULT 0,sim_slot INTEGER DEFAULT 0,sim_imsi TEXT,recipients TEXT,delivered_count INTEGER DEFAULT 0,timedmsg_expiry INTEGER DEFAULT 0,secret_mode INTEGER DEFAULT 0,ext_info TEXT,app_id INTEGER DEFAULT 0,msg_id INTEGER DEFAULT 0,secret_message INTEGER DEFAULT 0,ft_mech INTEGER DEFAULT 0,favorite INTEGER DEFAULT 0,time_len INTEGER DEFAULT 0,using_mode INTEGER DEFAULT 0,updated_timestamp INTEGER DEFAULT 0,from_address TEXT,device_name TEXT,safe_message INTEGER DEFAULT 0,imdn_message_id TEXT,safe_image_path TEXT,spam_report INTEGER DEFAULT 0,creator TEXT,sef_type INTEGER DEFAULT 0,correlation_tag TEXT,object_id TEXT,expiry_timestamp INTEGER DEFAULT 0,cmc_prop TEXT,is_bot INTEGER DEFAULT 0)',
    'CREATE TABLE ft_retry (_id INTEGER PRIMARY KEY AUTOINCREMENT,rcsdb_id INTEGER,type INTEGER DEFAULT 0,retry_counter INTEGER,last_time INTEGER)',
    "CREATE TABLE im_threads (_id INTEGER PRIMARY KEY AUTOINCREMENT,normal_thread_id INTEGER DEFAULT 0,date INTEGER DEFAULT 0,message_count INTEGER DEFAULT 0,recipient_ids TEXT,snippet TEXT,snippet_cs INTEGER DEFAULT 0,read INTEGER DEFAULT 1,error INTEGER DEFAULT 0,has_attachment INTEGER DEFAULT 0,unread_count INTEGER DEFAULT 0,alert_expired INTEGER DEFAULT 1,reply_all INTEGER DEFAULT -1,group_snippet TEXT,message_type INTEGER DEFAULT 0,display_recipient_ids TEXT,translate_mode TEXT default 'off', secret_mode INTEGER DEFAULT 0, im_type TEXT, read_status TEXT, session_id TEXT, session_id2 TEXT, alias TEXT,opened INTEGER DEFAULT 0,admin TEXT,remark TEXT,nick_name TEXT,is_mute INTEGER DEFAULT 0,chat_type INTEGER DEFAULT 0,pa_uuid TEXT,pa_thread INTEGER DEFAULT 0,menustring TEXT,pin_to_top INTEGER DEFAULT -1,using_mode INTEGER DEFAULT 0,delete_expiry INTEGER DEFAULT 0,from_address TEXT,message_date INTEGER,thread_service_type INTEGER DEFAULT -1,pa_ownnumber TEXT,snippet_type INTEGER,conversation_type INTEGER DEFAULT 0, sim_imsi TEXT, sim_imsi2 TEXT)",
    'CREATE INDEX imthreadsIndex1 ON im_threads (date)',
    'CREATE TABLE cmas (_id INTEGER PRIMARY KEY AUTOINCREMENT,sms_id INTEGER,thread_id INTEGER,service_category INTEGER,category INTEGER,response_type INTEGER,severity INTEGER,urgency INTEGER,certainty INTEGER,identifier INTEGER,alert_handling INTEGER,expires INTEGER,language INTEGER,expired INTEGER DEFAULT 1,using_mode INTEGER DEFAULT 0)',
    'CREATE TABLE wpm (_id INTEGER PRIMARY KEY AUTOINCREMENT,thread_id INTEGER,body TEXT,date INTEGER,date_sent INTEGER DEFAULT 0,read INTEGER DEFAULT 0,type INTEGER,locked INTEGER DEFAULT 0,href TEXT,si_id TEXT,created INTEGER,si_expires INTEGER,action INTEGER,sub_id  INTEGER DEFAULT -1, seen INTEGER DEFAULT 0,deletable INTEGER DEFAULT 0,hidden INTEGER DEFAULT 0,sim_slot INTEGER DEFAULT 0,sim_imsi TEXT,favorite INTEGER DEFAULT 0,using_mode INTEGER DEFAULT 0,from_address TEXT,device_name TEXT,creator TEXT,correlation_tag TEXT,object_id TEXT,cmc_prop TEXT)',
    'CREATE TABLE canonical_addresses (_id INTEGER PRIMARY KEY AUTOINCREMENT,address TEXT)',
    "CREATE TABLE threads (_id INTEGER PRIMARY KEY AUTOINCREMENT,date INTEGER DEFAULT 0,message_count INTEGER DEFAULT 0,recipient_ids TEXT,snippet TEXT,snippet_cs INTEGER DEFAULT 0,read INTEGER DEFAULT 1,archived INTEGER DEFAULT 0,type INTEGER DEFAULT 0,error INTEGER DEFAULT 0,has_attachment INTEGER DEFAULT 0,unread_count INTEGER DEFAULT 0,alert_expired INTEGER DEFAULT 1,reply_all INTEGER DEFAULT -1,group_snippet TEXT,message_type INTEGER DEFAULT 0,display_recipient_ids TEXT,translate_mode TEXT default 'off',secret_mode INTEGER DEFAULT 0,safe_message INTEGER DEFAULT 0,classification INTEGER DEFAULT 0,is_mute INTEGER DEFAULT 0,chat_type INTEGER DEFAULT 0,pa_uuid TEXT,pa_thread INTEGER DEFAULT 0,menustring TEXT,pin_to_top INTEGER DEFAULT -1,using_mode INTEGER DEFAULT 0,from_address TEXT,message_date INTEGER,pa_ownnumber TEXT,snippet_type INTEGER)",
    'CREATE INDEX threadsIndex1 ON threads (date)',
    'CREATE TABLE pending_msgs (_id INTEGER PRIMARY KEY,proto_type INTEGER,msg_id INTEGER,msg_type INTEGER,sim_slot2 INTEGER DEFAULT 0,err_type INTEGER,err_code INTEGER,retry_index INTEGER NOT NULL DEFAULT 0,due_time INTEGER,pending_sub_id  INTEGER DEFAULT -1, last_try INTEGER)',
    'CREATE INDEX pending_msgsIndex1 ON pending_msgs (msg_id)',
    'CREATE TABLE mychannels (_id INTEGER PRIMARY KEY AUTOINCREMENT,channel_id INTEGER,channel_name TEXT NOT NULL,is_checked INTEGER,sim_slot INTEGER)',
    'CREATE VIRTUAL TABLE words USING FTS3 (_id INTEGER PRIMARY KEY, index_text TEXT, source_id INTEGER, table_to_use INTEGER)',
    'CREATE TABLE spam_pdu (_id INTEGER PRIMARY KEY AUTOINCREMENT,thread_id INTEGER,date INTEGER,date_sent INTEGER DEFAULT 0,msg_box INTEGER,read INTEGER DEFAULT 0,m_id TEXT,sub TEXT,sub_cs INTEGER,ct_t TEXT,ct_l TEXT,exp INTEGER,m_cls TEXT,m_type INTEGER,v INTEGER,m_size INTEGER,pri INTEGER,rr INTEGER,rpt_a INTEGER,resp_st INTEGER,st INTEGER,tr_id TEXT,retr_st INTEGER,retr_txt TEXT,retr_txt_cs INTEGER,read_status INTEGER,ct_cls INTEGER,resp_txt TEXT,d_tm INTEGER,d_rpt INTEGER,locked INTEGER DEFAULT 0,sub_id  INTEGER DEFAULT -1, seen INTEGER DEFAULT 0,creator TEXT,sim_slot INTEGER DEFAULT 0,sim_imsi TEXT,deletable INTEGER DEFAULT 0,hidden INTEGER DEFAULT 0,app_id INTEGER DEFAULT 0,msg_id INTEGER DEFAULT 0,callback_set INTEGER DEFAULT 0,reserved INTEGER DEFAULT 0,text_only INTEGER DEFAULT 0,spam_report INTEGER DEFAULT 0,secret_mode INTEGER DEFAULT 0,safe_message INTEGER DEFAULT 0,favorite INTEGER DEFAULT 0,d_rpt_st INTEGER DEFAULT 0,rr_st INTEGER DEFAULT 0,using_mode INTEGER DEFAULT 0,from_address TEXT,device_name TEXT)',
    'CREATE INDEX spam_pduIndex1 ON spam_pdu (thread_id,locked)',
    'CREATE TABLE spam_addr (_id INTEGER PRIMARY KEY,msg_id INTEGER,contact_id INTEGER,address TEXT,type INTEGER,charset INTEGER)',
    'CREATE INDEX spam_addrIndex1 ON spam_addr (msg_id)',
    'CREATE TABLE spam_part (_id INTEGER PRIMARY KEY,mid INTEGER,seq INTEGER DEFAULT 0,ct TEXT,name TEXT,chset INTEGER,cd TEXT,fn TEXT,cid TEXT,cl TEXT,ctt_s INTEGER,ctt_t TEXT,_data TEXT,text TEXT,sef_type INTEGER DEFAULT 0)',
    'CREATE INDEX spam_partIndex1 ON spam_part (mid)',
    'CREATE TABLE spam_rate (sent_time INTEGER)',
    'CREATE TABLE spam_drm (_id INTEGER PRIMARY KEY,_data TEXT)',
    'CREATE TABLE spam_sms (_id INTEGER PRIMARY KEY AUTOINCREMENT,thread_id INTEGER,address TEXT,person INTEGER,date INTEGER,date_sent INTEGER DEFAULT 0,protocol INTEGER,read INTEGER DEFAULT 0,status INTEGER DEFAULT -1,type INTEGER,reply_path_present INTEGER,subject TEXT,body TEXT,service_center TEXT,locked INTEGER DEFAULT 0,error_code INTEGER DEFAULT -1,sub_id  INTEGER DEFAULT -1, creator TEXT,seen INTEGER DEFAULT 0,deletable INTEGER DEFAULT 0,sim_slot INTEGER DEFAULT 0,sim_imsi TEXT,hidden INTEGER DEFAULT 0,group_id INTEGER,group_type INTEGER,delivery_date INTEGER,app_id INTEGER DEFAULT 0,msg_id INTEGER DEFAULT 0,callback_number TEXT,reserved INTEGER DEFAULT 0,pri INTEGER DEFAULT 0,teleservice_id INTEGER DEFAULT 0,link_url TEXT,svc_cmd INTEGER DEFAULT 0,svc_cmd_content TEXT,spam_report INTEGER DEFAULT 0,secret_mode INTEGER DEFAULT 0,safe_message INTEGER DEFAULT 0,favorite INTEGER DEFAULT 0,d_rpt_cnt INTEGER DEFAULT 0,using_mode INTEGER DEFAULT 0,from_address TEXT,device_name TEXT)',
    'CREATE TABLE spam_filter (_id INTEGER PRIMARY KEY AUTOINCREMENT,filter_type INTEGER,enable INTEGER,filter TEXT,criteria INTEGER,using_mode INTEGER DEFAULT 0,from_address TEXT)',
    'CREATE TABLE spam_im (_id INTEGER PRIMARY KEY AUTOINCREMENT,thread_id INTEGER DEFAULT 0,transaction_id INTEGER DEFAULT 0,address TEXT,date_sent INTEGER DEFAULT 0,date INTEGER DEFAULT 0,read INTEGER DEFAULT 0,status INTEGER DEFAULT 0,type INTEGER DEFAULT 0,body TEXT,display_notification_status INTEGER DEFAULT 0,seen INTEGER DEFAULT 0,message_type INTEGER DEFAULT 0,session_id TEXT,content_type TEXT,hidden INTEGER DEFAULT 0,locked INTEGER DEFAULT 0,displayed_counter INTEGER DEFAULT 0,reserved INTEGER DEFAULT 0,imdn_message_id TEXT,rcsdb_id TEXT, user_alias TEXT,delivered_timestamp INTEGER DEFAULT 0,remote_uri TEXT,service_type INTEGER DEFAULT 0,sim_slot INTEGER DEFAULT 0,sim_imsi TEXT,recipients TEXT,sticker_id TEXT,delivered_count INTEGER DEFAULT 0,timedmsg_expiry INTEGER DEFAULT 0,secret_mode INTEGER DEFAULT 0,ext_info TEXT,app_id INTEGER DEFAULT 0,msg_id INTEGER DEFAULT 0,secret_message INTEGER DEFAULT 0,mcloud_filename TEXT,favorite INTEGER DEFAULT 0,using_mode INTEGER DEFAULT 0,updated_timestamp INTEGER DEFAULT 0,from_address TEXT,device_name TEXT,safe_message INTEGER DEFAULT 0,safe_image_path TEXT,spam_report INTEGER DEFAULT 0,is_bot INTEGER DEFAULT 0)',
    'CREATE TABLE spam_ft (_id INTEGER PRIMARY KEY AUTOINCREMENT,thread_id INTEGER,transaction_id INTEGER DEFAULT 0,bytes_transf INTEGER,file_name TEXT,file_path TEXT,file_size INTEGER DEFAULT 0,thumbnail_path TEXT,cancel_reason INTEGER,display_notification_status INTEGER DEFAULT 0,session_id TEXT,content_type TEXT,media_id INTEGER DEFAULT 0,seen INTEGER DEFAULT 0,read INTEGER DEFAULT 0,type INTEGER DEFAULT 0,address TEXT,date INTEGER,date_sent INTEGER,status INTEGER DEFAULT 0,hidden INTEGER DEFAULT 0,locked INTEGER DEFAULT 0,reject_reason INTEGER,chat_session_id TEXT,rcsdb_id INTEGER,delivered_timestamp INTEGER DEFAULT 0,remote_uri TEXT,message_type INTEGER DEFAULT 0,user_alias TEXT,displayed_counter INTEGER DEFAULT 0,reserved INTEGER DEFAULT 0,service_type INTEGER DEFAULT 0,sim_slot INTEGER DEFAULT 0,sim_imsi TEXT,recipients TEXT,delivered_count INTEGER DEFAULT 0,timedmsg_expiry INTEGER DEFAULT 0,secret_mode INTEGER DEFAULT 0,ext_info TEXT,app_id INTEGER DEFAULT 0,msg_id INTEGER DEFAULT 0,secret_message INTEGER DEFAULT 0,favorite INTEGER DEFAULT 0,time_len INTEGER DEFAULT 0,using_mode INTEGER DEFAULT 0,updated_timestamp INTEGER DEFAULT 0,from_address TEXT,device_name TEXT,safe_message INTEGER DEFAULT 0,imdn_message_id TEXT,safe_image_path TEXT,spam_report INTEGER DEFAULT 0,sef_type INTEGER DEFAULT 0,is_bot INTEGER DEFAULT 0)',
    'CREATE TABLE messages (_id INTEGER PRIMARY KEY AUTOINCREMENT, transport_type TEXT, thread_id INTEGER, address TEXT, content TEXT, content_type TEXT, subject TEXT, subject_cs INTEGER, remote_id INTEGER, group_id INTEGER,part_order INTEGER,date INTEGER, read INTEGER, box_type INTEGER, locked INTEGER DEFAULT 0, file_name TEXT, size INTEGER DEFAULT 0, thumbnail TEXT, displayed_counter INTEGER, timedmsg_expiry INTEGER, status INTEGER, err_type INTEGER DEFAULT 0, recipients TEXT, pri INTEGER DEFAULT 0,callback_number TEXT,display_notification_status INTEGER DEFAULT 0, hidden INTEGER DEFAULT 0, scheduled INTEGER DEFAULT 0, date_sent INTEGER,d_rpt INTEGER,d_rpt_st INTEGER DEFAULT 0,d_rpt_cnt INTEGER,rr INTEGER,rr_st INTEGER DEFAULT 0,using_mode INTEGER DEFAULT 0,st INTEGER,svc_cmd INTEGER DEFAULT 0,svc_cmd_content TEXT,safe_message INTEGER DEFAULT 0,favorite INTEGER DEFAULT 0,secret_message INTEGER DEFAULT 0,sim_slot INTEGER,sim_imsi TEXT,sticker_id TEXT,user_alias TEXT,cancel_reason INTEGER,announcements_subtype INTEGER,announcements_scenario_id TEXT,device_name TEXT,safe_image_path TEXT,webpreview_image TEXT,webpreview_title TEXT,webpreview_description TEXT,webpreview_url TEXT,webpreview_status INTEGER DEFAULT 0,antiphishing_urls_risks TEXT,cmas_channel TEXT)',
    'CREATE TABLE sessions (_id INTEGER PRIMARY KEY AUTOINCREMENT, service_type INTEGER DEFAULT 0, thread_id INTEGER, session_id TEXT, read_status TEXT, sim_slot INTEGER, sim_imsi TEXT )',
    'CREATE TABLE thread_categories (_id INTEGER PRIMARY KEY AUTOINCREMENT,thread_id INTEGER NOT NULL,category_id INTEGER NOT NULL)',
    'CREATE TABLE categories (_id INTEGER PRIMARY KEY AUTOINCREMENT,name TEXT NOT NULL,is_enable INTEGER DEFAULT 1,order_num INTEGER DEFAULT 0)',
    'CREATE INDEX typeThreadIdIndex ON sms (type, thread_id)',
    'CREATE INDEX index_date_ordered_sms ON sms (thread_id, date DESC)',
    'CREATE INDEX index_date_ordered_wpm ON wpm (thread_id, date DESC)',
    'CREATE INDEX index_date_ordered_pdu ON pdu (thread_id, date DESC)',
    'CREATE INDEX index_date_ordered_im ON im (thread_id, date DESC)',
    'CREATE INDEX index_date_ordered_ft ON ft (thread_id, date DESC)',
    'CREATE INDEX index_date_ordered_messages ON messages (thread_id, date DESC)',
    'CREATE INDEX partMidIndex ON part (mid)',
    'CREATE INDEX addrMsgIdIndex ON addr (msg_id)',
    'CREATE TABLE bot_service_id_sms_number (_id INTEGER PRIMARY KEY AUTOINCREMENT,service_id TEXT NOT NULL,sms_number TEXT NOT NULL)',
)

# Android 4.x AOSP telephony provider, from plaso_mmssms.db (FTS shadow tables left out).
ANDROID4_MMSSMS = (
    'CREATE TABLE android_metadata (locale TEXT)',
    'CREATE TABLE pdu (_id INTEGER PRIMARY KEY AUTOINCREMENT,thread_id INTEGER,date INTEGER,date_sent INTEGER DEFAULT 0,msg_box INTEGER,read INTEGER DEFAULT 0,m_id TEXT,sub TEXT,sub_cs INTEGER,ct_t TEXT,ct_l TEXT,exp INTEGER,m_cls TEXT,m_type INTEGER,v INTEGER,m_size INTEGER,pri INTEGER,rr INTEGER,rpt_a INTEGER,resp_st INTEGER,st INTEGER,tr_id TEXT,retr_st INTEGER,retr_txt TEXT,retr_txt_cs INTEGER,read_status INTEGER,ct_cls INTEGER,resp_txt TEXT,d_tm INTEGER,d_rpt INTEGER,locked INTEGER DEFAULT 0,seen INTEGER DEFAULT 0,text_only INTEGER DEFAULT 0)',
    'CREATE TABLE addr (_id INTEGER PRIMARY KEY,msg_id INTEGER,contact_id INTEGER,address TEXT,type INTEGER,charset INTEGER)',
    'CREATE TABLE part (_id INTEGER PRIMARY KEY AUTOINCREMENT,mid INTEGER,seq INTEGER DEFAULT 0,ct TEXT,name TEXT,chset INTEGER,cd TEXT,fn TEXT,cid TEXT,cl TEXT,ctt_s INTEGER,ctt_t TEXT,_data TEXT,text TEXT)',
    'CREATE TABLE rate (sent_time INTEGER)',
    'CREATE TABLE drm (_id INTEGER PRIMARY KEY,_data TEXT)',
    'CREATE TABLE sms (_id INTEGER PRIMARY KEY,thread_id INTEGER,address TEXT,person INTEGER,date INTEGER,date_sent INTEGER DEFAULT 0,protocol INTEGER,read INTEGER DEFAULT 0,status INTEGER DEFAULT -1,type INTEGER,reply_path_present INTEGER,subject TEXT,body TEXT,service_center TEXT,locked INTEGER DEFAULT 0,error_code INTEGER DEFAULT 0,seen INTEGER DEFAULT 0)',
    'CREATE TABLE raw (_id INTEGER PRIMARY KEY,date INTEGER,reference_number INTEGER,count INTEGER,sequence INTEGER,destination_port INTEGER,address TEXT,pdu TEXT)',
    'CREATE TABLE attachments (sms_id INTEGER,content_url TEXT,offset INTEGER)',
    'CREATE TABLE sr_pending (reference_number INTEGER,action TEXT,data TEXT)',
    'CREATE TABLE canonical_addresses (_id INTEGER PRIMARY KEY AUTOINCREMENT,address TEXT)',
    'CREATE TABLE threads (_id INTEGER PRIMARY KEY AUTOINCREMENT,date INTEGER DEFAULT 0,message_count INTEGER DEFAULT 0,recipient_ids TEXT,snippet TEXT,snippet_cs INTEGER DEFAULT 0,read INTEGER DEFAULT 1,type INTEGER DEFAULT 0,error INTEGER DEFAULT 0,has_attachment INTEGER DEFAULT 0)',
    'CREATE TABLE pending_msgs (_id INTEGER PRIMARY KEY,proto_type INTEGER,msg_id INTEGER,msg_type INTEGER,err_type INTEGER,err_code INTEGER,retry_index INTEGER NOT NULL DEFAULT 0,due_time INTEGER,last_try INTEGER)',
    'CREATE VIRTUAL TABLE words USING FTS3 (_id INTEGER PRIMARY KEY, index_text TEXT, source_id INTEGER, table_to_use INTEGER)',
    'CREATE INDEX typeThreadIdIndex ON sms (type, thread_id)',
)

# Android 4.x contacts2.db, from plaso_contacts2.db.
ANDROID4_CONTACTS2 = (
    'CREATE TABLE _sync_state (_id INTEGER PRIMARY KEY,account_name TEXT NOT NULL,account_type TEXT NOT NULL,data TEXT,UNIQUE(account_name, account_type))',
    'CREATE TABLE _sync_state_metadata (version INTEGER)',
    'CREATE TABLE accounts (_id INTEGER PRIMARY KEY AUTOINCREMENT,account_name TEXT, account_type TEXT, data_set TEXT)',
    'CREATE TABLE agg_exceptions (_id INTEGER PRIMARY KEY AUTOINCREMENT,type INTEGER NOT NULL, raw_contact_id1 INTEGER REFERENCES raw_contacts(_id), raw_contact_id2 INTEGER REFERENCES raw_contacts(_id))',
    'CREATE TABLE android_metadata (locale TEXT)',
    'CREATE TABLE contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT,name_raw_contact_id INTEGER REFERENCES raw_contacts(_id),photo_id INTEGER REFERENCES data(_id),photo_file_id INTEGER REFERENCES photo_files(_id),custom_ringtone TEXT,send_to_voicemail INTEGER NOT NULL DEFAULT 0,times_contacted INTEGER NOT NULL DEFAULT 0,last_time_contacted INTEGER,starred INTEGER NOT NULL DEFAULT 0,has_phone_number INTEGER NOT NULL DEFAULT 0,lookup TEXT,status_update_id INTEGER REFERENCES data(_id), contact_last_updated_timestamp INTEGER)',
    'CREATE TABLE data (_id INTEGER PRIMARY KEY AUTOINCREMENT,package_id INTEGER REFERENCES package(_id),mimetype_id INTEGER REFERENCES mimetype(_id) NOT NULL,raw_contact_id INTEGER REFERENCES raw_contacts(_id) NOT NULL,is_read_only INTEGER NOT NULL DEFAULT 0,is_primary INTEGER NOT NULL DEFAULT 0,is_super_primary INTEGER NOT NULL DEFAULT 0,data_version INTEGER NOT NULL DEFAULT 0,data1 TEXT,data2 TEXT,data3 TEXT,data4 TEXT,data5 TEXT,data6 TEXT,data7 TEXT,data8 TEXT,data9 TEXT,data10 TEXT,data11 TEXT,data12 TEXT,data13 TEXT,data14 TEXT,data15 TEXT,data_sync1 TEXT, data_sync2 TEXT, data_sync3 TEXT, data_sync4 TEXT )',
    'CREATE TABLE data_usage_stat(stat_id INTEGER PRIMARY KEY AUTOINCREMENT, data_id INTEGER NOT NULL, usage_type INTEGER NOT NULL DEFAULT 0, times_used INTEGER NOT NULL DEFAULT 0, last_time_used INTERGER NOT NULL DEFAULT 0, FOREIGN KEY(data_id) REFERENCES data(_id))',
    'CREATE TABLE default_directory (_id INTEGER PRIMARY KEY)',
    'CREATE TABLE deleted_contacts (contact_id INTEGER PRIMARY KEY,contact_deleted_timestamp INTEGER NOT NULL default 0)',
    'CREATE TABLE directories(_id INTEGER PRIMARY KEY AUTOINCREMENT,packageName TEXT NOT NULL,authority TEXT NOT NULL,typeResourceId INTEGER,typeResourceName TEXT,accountType TEXT,accountName TEXT,displayName TEXT, exportSupport INTEGER NOT NULL DEFAULT 0,shortcutSupport INTEGER NOT NULL DEFAULT 0,photoSupport INTEGER NOT NULL DEFAULT 0)',
    'CREATE TABLE groups (_id INTEGER PRIMARY KEY AUTOINCREMENT,package_id INTEGER REFERENCES package(_id),account_name STRING DEFAULT NULL, account_type STRING DEFAULT NULL, data_set STRING DEFAULT NULL, sourceid TEXT,version INTEGER NOT NULL DEFAULT 1,dirty INTEGER NOT NULL DEFAULT 0,title TEXT,title_res INTEGER,notes TEXT,system_id TEXT,deleted INTEGER NOT NULL DEFAULT 0,group_visible INTEGER NOT NULL DEFAULT 0,should_sync INTEGER NOT NULL DEFAULT 1,auto_add INTEGER NOT NULL DEFAULT 0,favorites INTEGER NOT NULL DEFAULT 0,group_is_read_only INTEGER NOT NULL DEFAULT 0,sync1 TEXT, sync2 TEXT, sync3 TEXT, sync4 TEXT , account_id INTEGER REFERENCES accounts(_id))',
    'CREATE TABLE mimetypes (_id INTEGER PRIMARY KEY AUTOINCREMENT,mimetype TEXT NOT NULL)',
    'CREATE TABLE name_lookup (data_id INTEGER REFERENCES data(_id) NOT NULL,raw_contact_id INTEGER REFERENCES raw_contacts(_id) NOT NULL,normalized_name TEXT NOT NULL,name_type INTEGER NOT NULL,PRIMARY KEY (data_id, normalized_name, name_type))',
    'CREATE TABLE nickname_lookup (name TEXT,cluster TEXT)',
    'CREATE TABLE packages (_id INTEGER PRIMARY KEY AUTOINCREMENT,package TEXT NOT NULL)',
    'CREATE TABLE phone_lookup (data_id INTEGER REFERENCES data(_id) NOT NULL,raw_contact_id INTEGER REFERENCES raw_contacts(_id) NOT NULL,normalized_number TEXT NOT NULL,min_match TEXT NOT NULL)',
    'CREATE TABLE photo_files (_id INTEGER PRIMARY KEY AUTOINCREMENT, height INTEGER NOT NULL, width INTEGER NOT NULL, filesize INTEGER NOT NULL)',
    'CREATE TABLE properties (property_key TEXT PRIMARY KEY, property_value TEXT )',
    'CREATE TABLE calls (_id INTEGER PRIMARY KEY AUTOINCREMENT,number TEXT,date INTEGER,duration INTEGER,type INTEGER,new INTEGER,name TEXT,numbertype INTEGER,numberlabel TEXT,countryiso TEXT,voicemail_uri TEXT,is_read INTEGER,geocoded_location TEXT,lookup_uri TEXT,matched_number TEXT,normalized_number TEXT,photo_id INTEGER NOT NULL DEFAULT 0,formatted_number TEXT,_data TEXT,has_content INTEGER,mime_type TEXT,source_data TEXT,source_package TEXT,state INTEGER)',
)

# calllog.db (Android 7+), from andriller_calllog.db.
CALLLOG = (
    'CREATE TABLE android_metadata (locale TEXT)',
    'CREATE TABLE properties (property_key TEXT PRIMARY KEY, property_value TEXT )',
    "CREATE TABLE calls (_id INTEGER PRIMARY KEY AUTOINCREMENT,number TEXT,presentation INTEGER NOT NULL DEFAULT 1,post_dial_digits TEXT NOT NULL DEFAULT '',via_number TEXT NOT NULL DEFAULT '',date INTEGER,duration INTEGER,data_usage INTEGER,type INTEGER,features INTEGER NOT NULL DEFAULT 0,subscription_component_name TEXT,subscription_id TEXT,phone_account_address TEXT,phone_account_hidden INTEGER NOT NULL DEFAULT 0,sub_id INTEGER DEFAULT -1,new INTEGER,name TEXT,numbertype INTEGER,numberlabel TEXT,countryiso TEXT,voicemail_uri TEXT,is_read INTEGER,geocoded_location TEXT,lookup_uri TEXT,matched_number TEXT,normalized_number TEXT,photo_id INTEGER NOT NULL DEFAULT 0,photo_uri TEXT,formatted_number TEXT,add_for_all_users INTEGER NOT NULL DEFAULT 1,last_modified INTEGER DEFAULT 0,_data TEXT,has_content INTEGER,mime_type TEXT,source_data TEXT,source_package TEXT,transcription TEXT,transcription_state INTEGER NOT NULL DEFAULT 0,state INTEGER,dirty INTEGER NOT NULL DEFAULT 0,deleted INTEGER NOT NULL DEFAULT 0,backed_up INTEGER NOT NULL DEFAULT 0,restored INTEGER NOT NULL DEFAULT 0,archived INTEGER NOT NULL DEFAULT 0,is_omtp_voicemail INTEGER NOT NULL DEFAULT 0,conference_call_id INTEGER NOT NULL DEFAULT -1,indicate_phone_or_sim_contact INTEGER NOT NULL DEFAULT -1,is_sdn_contact INTEGER NOT NULL DEFAULT 0)",
    'CREATE TABLE conference_calls (_id INTEGER PRIMARY KEY AUTOINCREMENT,group_id INTEGER,conference_date INTEGER, conference_duration INTEGER DEFAULT -1 )',
    'CREATE TABLE voicemail_status (_id INTEGER PRIMARY KEY AUTOINCREMENT,source_package TEXT NOT NULL,phone_account_component_name TEXT,phone_account_id TEXT,settings_uri TEXT,voicemail_access_uri TEXT,configuration_state INTEGER,data_channel_state INTEGER,notification_channel_state INTEGER,quota_occupied INTEGER DEFAULT -1,quota_total INTEGER DEFAULT -1,source_type TEXT)',
)

# AOSP MmsSmsDatabaseHelper, Android 14 (constants resolved: INVALID_SUBSCRIPTION_ID = -1,
# PduHeaders.MESSAGE_TYPE_NOTIFICATION_IND = 130, Mms.MESSAGE_BOX_INBOX/SENT = 1/2).
ANDROID14_MMSSMS = (
    "CREATE TABLE android_metadata (locale TEXT)",
    "CREATE TABLE pdu (_id INTEGER PRIMARY KEY AUTOINCREMENT,thread_id INTEGER,date INTEGER,"
    "date_sent INTEGER DEFAULT 0,msg_box INTEGER,read INTEGER DEFAULT 0,m_id TEXT,sub TEXT,sub_cs INTEGER,"
    "ct_t TEXT,ct_l TEXT,exp INTEGER,m_cls TEXT,m_type INTEGER,v INTEGER,m_size INTEGER,pri INTEGER,rr INTEGER,"
    "rpt_a INTEGER,resp_st INTEGER,st INTEGER,tr_id TEXT,retr_st INTEGER,retr_txt TEXT,retr_txt_cs INTEGER,"
    "read_status INTEGER,ct_cls INTEGER,resp_txt TEXT,d_tm INTEGER,d_rpt INTEGER,locked INTEGER DEFAULT 0,"
    "sub_id INTEGER DEFAULT -1, seen INTEGER DEFAULT 0,creator TEXT,text_only INTEGER DEFAULT 0);",
    "CREATE TABLE addr (_id INTEGER PRIMARY KEY,msg_id INTEGER,contact_id INTEGER,address TEXT,type INTEGER,"
    "charset INTEGER,sub_id INTEGER DEFAULT -1);",
    "CREATE TABLE part (_id INTEGER PRIMARY KEY AUTOINCREMENT,mid INTEGER,seq INTEGER DEFAULT 0,ct TEXT,name TEXT,"
    "chset INTEGER,cd TEXT,fn TEXT,cid TEXT,cl TEXT,ctt_s INTEGER,ctt_t TEXT,_data TEXT,text TEXT,"
    "sub_id INTEGER DEFAULT -1);",
    "CREATE TABLE rate (sent_time INTEGER,sub_id INTEGER DEFAULT -1);",
    "CREATE TABLE drm (_id INTEGER PRIMARY KEY,_data TEXT,sub_id INTEGER DEFAULT -1);",
    "CREATE VIEW pdu_restricted AS SELECT * FROM pdu WHERE (msg_box=1 OR msg_box=2) AND (m_type!=130);",
    "CREATE TABLE sms (_id INTEGER PRIMARY KEY,thread_id INTEGER,address TEXT,person INTEGER,date INTEGER,"
    "date_sent INTEGER DEFAULT 0,protocol INTEGER,read INTEGER DEFAULT 0,status INTEGER DEFAULT -1,type INTEGER,"
    "reply_path_present INTEGER,subject TEXT,body TEXT,service_center TEXT,locked INTEGER DEFAULT 0,"
    "sub_id INTEGER DEFAULT -1, error_code INTEGER DEFAULT 0, creator TEXT,seen INTEGER DEFAULT 0);",
    "CREATE TABLE raw (_id INTEGER PRIMARY KEY,date INTEGER,reference_number INTEGER,count INTEGER,"
    "sequence INTEGER,destination_port INTEGER,address TEXT,sub_id INTEGER DEFAULT -1, pdu TEXT,"
    "deleted INTEGER DEFAULT 0,message_body TEXT,display_originating_addr TEXT);",
    "CREATE TABLE attachments (sms_id INTEGER,content_url TEXT,offset INTEGER,sub_id INTEGER DEFAULT -1);",
    "CREATE TABLE sr_pending (reference_number INTEGER,action TEXT,data TEXT,sub_id INTEGER DEFAULT -1);",
    "CREATE VIEW sms_restricted AS SELECT * FROM sms WHERE type=1 OR type=2;",
    "CREATE TABLE canonical_addresses (_id INTEGER PRIMARY KEY AUTOINCREMENT,address TEXT,sub_id INTEGER DEFAULT -1);",
    "CREATE TABLE threads (_id INTEGER PRIMARY KEY AUTOINCREMENT,date INTEGER DEFAULT 0,"
    "message_count INTEGER DEFAULT 0,recipient_ids TEXT,snippet TEXT,snippet_cs INTEGER DEFAULT 0,"
    "read INTEGER DEFAULT 1,archived INTEGER DEFAULT 0,type INTEGER DEFAULT 0,error INTEGER DEFAULT 0,"
    "has_attachment INTEGER DEFAULT 0,sub_id INTEGER DEFAULT -1,attachment_info TEXT,notification INTEGER DEFAULT 0);",
    "CREATE TABLE pending_msgs (_id INTEGER PRIMARY KEY,proto_type INTEGER,msg_id INTEGER,msg_type INTEGER,"
    "err_type INTEGER,err_code INTEGER,retry_index INTEGER NOT NULL DEFAULT 0,due_time INTEGER,"
    "pending_sub_id INTEGER DEFAULT -1, last_try INTEGER);",
    "CREATE VIRTUAL TABLE words USING FTS3 (_id INTEGER PRIMARY KEY, index_text TEXT, source_id INTEGER, "
    "table_to_use INTEGER, sub_id INTEGER);",
    "CREATE INDEX IF NOT EXISTS typeThreadIdIndex ON sms (type, thread_id);",
    "CREATE INDEX IF NOT EXISTS threadIdDateIndex ON sms (thread_id, date);",
    "CREATE INDEX IF NOT EXISTS partMidIndex ON part (mid)",
    "CREATE INDEX IF NOT EXISTS addrMsgIdIndex ON addr (msg_id)",
    "CREATE INDEX IF NOT EXISTS index_part ON part (mid);",
)

# AOSP ContactsDatabaseHelper of Android 4.x: raw_contacts with account_id (accounts table,
# as plaso_contacts2.db has), before pinned was added.
ANDROID4_RAW_CONTACTS = (
    "CREATE TABLE raw_contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "account_id INTEGER REFERENCES accounts(_id),sourceid TEXT,raw_contact_is_read_only INTEGER NOT NULL DEFAULT 0,"
    "version INTEGER NOT NULL DEFAULT 1,dirty INTEGER NOT NULL DEFAULT 0,deleted INTEGER NOT NULL DEFAULT 0,"
    "contact_id INTEGER REFERENCES contacts(_id),aggregation_mode INTEGER NOT NULL DEFAULT 0,"
    "aggregation_needed INTEGER NOT NULL DEFAULT 1,custom_ringtone TEXT,send_to_voicemail INTEGER NOT NULL DEFAULT 0,"
    "times_contacted INTEGER NOT NULL DEFAULT 0,last_time_contacted INTEGER,starred INTEGER NOT NULL DEFAULT 0,"
    "display_name TEXT,display_name_alt TEXT,display_name_source INTEGER NOT NULL DEFAULT 0,phonetic_name TEXT,"
    "phonetic_name_style TEXT,sort_key TEXT COLLATE PHONEBOOK,phonebook_label TEXT,phonebook_bucket INTEGER,"
    "sort_key_alt TEXT COLLATE PHONEBOOK,phonebook_label_alt TEXT,phonebook_bucket_alt INTEGER,"
    "name_verified INTEGER NOT NULL DEFAULT 0,sync1 TEXT, sync2 TEXT, sync3 TEXT, sync4 TEXT )",
    "CREATE INDEX raw_contacts_contact_id_index ON raw_contacts (contact_id);",
    "CREATE INDEX raw_contacts_source_id_account_id_index ON raw_contacts (sourceid, account_id);",
)

# AOSP ContactsDatabaseHelper, Android 12-14: the tables the contacts adapter reads.
ANDROID14_CONTACTS2 = (
    "CREATE TABLE android_metadata (locale TEXT)",
    "CREATE TABLE properties (property_key TEXT PRIMARY KEY, property_value TEXT );",
    "CREATE TABLE accounts (_id INTEGER PRIMARY KEY AUTOINCREMENT,account_name TEXT, account_type TEXT, "
    "data_set TEXT, sim_slot_index INTEGER, sim_ef_type INTEGER);",
    "CREATE TABLE contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT,name_raw_contact_id INTEGER REFERENCES "
    "raw_contacts(_id),photo_id INTEGER REFERENCES data(_id),photo_file_id INTEGER REFERENCES photo_files(_id),"
    "custom_ringtone TEXT,send_to_voicemail INTEGER NOT NULL DEFAULT 0,x_times_contacted INTEGER NOT NULL DEFAULT 0,"
    "x_last_time_contacted INTEGER,times_contacted INTEGER NOT NULL DEFAULT 0,last_time_contacted INTEGER,"
    "starred INTEGER NOT NULL DEFAULT 0,pinned INTEGER NOT NULL DEFAULT 0,has_phone_number INTEGER NOT NULL DEFAULT 0,"
    "lookup TEXT,status_update_id INTEGER REFERENCES data(_id),contact_last_updated_timestamp INTEGER);",
    "CREATE TABLE raw_contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT,account_id INTEGER REFERENCES accounts(_id),"
    "sourceid TEXT,backup_id TEXT,raw_contact_is_read_only INTEGER NOT NULL DEFAULT 0,version INTEGER NOT NULL DEFAULT 1,"
    "dirty INTEGER NOT NULL DEFAULT 0,deleted INTEGER NOT NULL DEFAULT 0,metadata_dirty INTEGER NOT NULL DEFAULT 0,"
    "contact_id INTEGER REFERENCES contacts(_id),aggregation_mode INTEGER NOT NULL DEFAULT 0,"
    "aggregation_needed INTEGER NOT NULL DEFAULT 1,custom_ringtone TEXT,send_to_voicemail INTEGER NOT NULL DEFAULT 0,"
    "x_times_contacted INTEGER NOT NULL DEFAULT 0,x_last_time_contacted INTEGER,"
    "times_contacted INTEGER NOT NULL DEFAULT 0,last_time_contacted INTEGER,starred INTEGER NOT NULL DEFAULT 0,"
    "pinned INTEGER NOT NULL DEFAULT 0,display_name TEXT,display_name_alt TEXT,"
    "display_name_source INTEGER NOT NULL DEFAULT 0,phonetic_name TEXT,phonetic_name_style TEXT,"
    "sort_key TEXT COLLATE PHONEBOOK,phonebook_label TEXT,phonebook_bucket INTEGER,sort_key_alt TEXT COLLATE PHONEBOOK,"
    "phonebook_label_alt TEXT,phonebook_bucket_alt INTEGER,name_verified INTEGER NOT NULL DEFAULT 0,"
    "sync1 TEXT, sync2 TEXT, sync3 TEXT, sync4 TEXT );",
    "CREATE INDEX raw_contacts_contact_id_index ON raw_contacts (contact_id);",
    "CREATE INDEX raw_contacts_source_id_account_id_index ON raw_contacts (sourceid, account_id);",
    "CREATE UNIQUE INDEX IF NOT EXISTS raw_contacts_backup_id_account_id_index ON raw_contacts (backup_id, account_id);",
    "CREATE TABLE packages (_id INTEGER PRIMARY KEY AUTOINCREMENT,package TEXT NOT NULL);",
    "CREATE TABLE mimetypes (_id INTEGER PRIMARY KEY AUTOINCREMENT,mimetype TEXT NOT NULL);",
    "CREATE UNIQUE INDEX mime_type ON mimetypes (mimetype);",
    "CREATE TABLE data (_id INTEGER PRIMARY KEY AUTOINCREMENT,package_id INTEGER REFERENCES package(_id),"
    "mimetype_id INTEGER REFERENCES mimetype(_id) NOT NULL,raw_contact_id INTEGER REFERENCES raw_contacts(_id) NOT NULL,"
    "hash_id TEXT,is_read_only INTEGER NOT NULL DEFAULT 0,is_primary INTEGER NOT NULL DEFAULT 0,"
    "is_super_primary INTEGER NOT NULL DEFAULT 0,data_version INTEGER NOT NULL DEFAULT 0,data1 TEXT,data2 TEXT,"
    "data3 TEXT,data4 TEXT,data5 TEXT,data6 TEXT,data7 TEXT,data8 TEXT,data9 TEXT,data10 TEXT,data11 TEXT,"
    "data12 TEXT,data13 TEXT,data14 TEXT,data15 TEXT,data_sync1 TEXT, data_sync2 TEXT, data_sync3 TEXT, "
    "data_sync4 TEXT, carrier_presence INTEGER NOT NULL DEFAULT 0, "
    "is_preferred_phone_account_migration_pending INTEGER NOT NULL DEFAULT 0, "
    "preferred_phone_account_component_name TEXT, preferred_phone_account_id TEXT );",
    "CREATE INDEX data_raw_contact_id ON data (raw_contact_id);",
    "CREATE INDEX data_mimetype_data1_index ON data (mimetype_id,data1);",
    "CREATE INDEX IF NOT EXISTS data_hash_id_index ON data (hash_id);",
)

MMSSMS_SCHEMAS = {"android4": ANDROID4_MMSSMS, "android14": ANDROID14_MMSSMS, "samsung_s10": SAMSUNG_S10_MMSSMS}
CONTACTS2_SCHEMAS = {"android4": ANDROID4_CONTACTS2 + ANDROID4_RAW_CONTACTS, "android14": ANDROID14_CONTACTS2}

# Telephony codes
SMS_INBOX, SMS_SENT, SMS_DRAFT, SMS_OUTBOX, SMS_FAILED, SMS_QUEUED = 1, 2, 3, 4, 5, 6
MMS_INBOX, MMS_SENT, MMS_DRAFTS, MMS_OUTBOX = 1, 2, 3, 4
MMS_SEND_REQ, MMS_NOTIFICATION_IND, MMS_RETRIEVE_CONF, MMS_DELIVERY_IND, MMS_READ_ORIG_IND = 128, 130, 132, 134, 136
ADDR_FROM, ADDR_TO, ADDR_CC, ADDR_BCC = 137, 151, 130, 129
OWNER_TOKEN = "insert-address-token"
CHARSET_UTF8 = 106
CALL_INCOMING, CALL_OUTGOING, CALL_MISSED, CALL_VOICEMAIL, CALL_REJECTED, CALL_BLOCKED, CALL_ANSWERED_EXTERNALLY = range(1, 8)
TELEPHONY_COMPONENT = "com.android.phone/com.android.services.telephony.TelephonyConnectionService"
PHONE_MIME = "vnd.android.cursor.item/phone_v2"
EMAIL_MIME = "vnd.android.cursor.item/email_v2"
NAME_MIME = "vnd.android.cursor.item/name"
POSTAL_MIME = "vnd.android.cursor.item/postal-address_v2"


def _create(path: str | Path, statements: Sequence[str], locale: str = "en_GB") -> sqlite3.Connection:
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists: builders only create new databases")
    conn = sqlite3.connect(path)
    # Android registers this collation (ICU phonebook order); a stand-in lets the real
    # CREATE TABLE run. Readers need it only to compare the sort_key columns.
    conn.create_collation("PHONEBOOK", lambda a, b: (a > b) - (a < b))
    for statement in statements:
        conn.execute(statement)
    if any(s.startswith("CREATE TABLE android_metadata") for s in statements):
        conn.execute("INSERT INTO android_metadata (locale) VALUES (?)", (locale,))
    conn.commit()
    return conn


def _columns(conn: sqlite3.Connection, table: str) -> tuple[str, ...]:
    return tuple(r[1] for r in conn.execute(f'PRAGMA table_info("{table}")'))


def _next_id(conn: sqlite3.Connection, table: str) -> int:
    return (conn.execute(f'SELECT MAX(_id) FROM "{table}"').fetchone()[0] or 0) + 1


def create_mmssms(path: str | Path, variant: str = "android14") -> sqlite3.Connection:
    """A new, empty ``mmssms.db`` of ``variant`` (android4, android14, samsung_s10)."""
    try:
        statements = MMSSMS_SCHEMAS[variant]
    except KeyError:
        raise ValueError(f"unknown mmssms variant {variant!r}; known: {', '.join(MMSSMS_SCHEMAS)}") from None
    return _create(path, statements)


def create_calllog(path: str | Path) -> sqlite3.Connection:
    """A new, empty ``calllog.db`` (Android 7+)."""
    return _create(path, CALLLOG)


def create_contacts2(path: str | Path, variant: str = "android14") -> sqlite3.Connection:
    """A new, empty ``contacts2.db`` of ``variant`` (android4 with ``calls``; android14)."""
    try:
        statements = CONTACTS2_SCHEMAS[variant]
    except KeyError:
        raise ValueError(f"unknown contacts2 variant {variant!r}; known: {', '.join(CONTACTS2_SCHEMAS)}") from None
    return _create(path, statements)


# --- threads ---------------------------------------------------------------------------------


def ensure_threads(conn: sqlite3.Connection, recipients: Iterable[Sequence[str]]) -> dict[tuple[str, ...], int]:
    """Thread ids for recipient sets (one address = a 1:1 thread), creating rows as needed.

    Fills ``canonical_addresses`` (one row per distinct address) and ``threads``
    (``recipient_ids`` = the canonical ids, space separated, as the provider writes them).
    """
    canon = {a: i for i, a in conn.execute("SELECT _id, address FROM canonical_addresses")}
    threads = {r: i for i, r in conn.execute("SELECT _id, recipient_ids FROM threads")}
    out: dict[tuple[str, ...], int] = {}
    for group in recipients:
        key = tuple(group)
        if key in out:
            continue
        ids = []
        for address in key:
            if address not in canon:
                canon[address] = conn.execute("INSERT INTO canonical_addresses (address) VALUES (?)", (address,)).lastrowid
            ids.append(canon[address])
        recipient_ids = " ".join(str(i) for i in ids)
        if recipient_ids not in threads:
            threads[recipient_ids] = conn.execute("INSERT INTO threads (recipient_ids) VALUES (?)", (recipient_ids,)).lastrowid
        out[key] = threads[recipient_ids]
    return out


def finish_threads(conn: sqlite3.Connection) -> None:
    """Set ``threads`` date / message_count / snippet / has_attachment from the messages.

    What the provider's triggers would have done on each insert, in one pass.
    """
    cols = _columns(conn, "threads")
    conn.execute(
        "UPDATE threads SET message_count = "
        "(SELECT COUNT(*) FROM sms WHERE sms.thread_id = threads._id AND sms.type != 3) + "
        "(SELECT COUNT(*) FROM pdu WHERE pdu.thread_id = threads._id AND m_type IN (128, 130, 132) AND msg_box != 3)"
    )
    conn.execute(
        "UPDATE threads SET date = COALESCE((SELECT MAX(d) FROM ("
        "SELECT date AS d FROM sms WHERE sms.thread_id = threads._id "
        "UNION ALL SELECT date * 1000 AS d FROM pdu WHERE pdu.thread_id = threads._id)), 0)"
    )
    conn.execute(
        "UPDATE threads SET snippet = (SELECT body FROM sms WHERE sms.thread_id = threads._id ORDER BY date DESC LIMIT 1)"
    )
    if "has_attachment" in cols:
        conn.execute(
            "UPDATE threads SET has_attachment = EXISTS (SELECT 1 FROM part JOIN pdu ON pdu._id = part.mid "
            "WHERE pdu.thread_id = threads._id AND part.ct != 'text/plain' AND part.ct != 'application/smil')"
        )
    conn.commit()


# --- SMS ---------------------------------------------------------------------------------------

SMS_FIELDS = ("thread_id", "address", "date", "date_sent", "read", "type", "body", "seen")


@dataclass
class Sms:
    """One SMS in provider conventions: ``date_ms`` Unix ms, ``type`` 1 inbox / 2 sent / ..."""

    address: str | None
    date_ms: int | None
    type: int
    body: str | None
    thread_id: int | None = None
    read: int = 1
    date_sent_ms: int = 0

    def row(self) -> tuple:
        return (self.thread_id, self.address, self.date_ms, self.date_sent_ms, self.read, self.type, self.body, 1)


def insert_sms(conn: sqlite3.Connection, rows: Iterable[Sms | Sequence], commit: bool = True) -> int:
    """Insert SMS: :class:`Sms` objects, or tuples in :data:`SMS_FIELDS` order (the fast path).

    An :class:`Sms` without ``thread_id`` gets the 1:1 thread of its address. Returns the
    number of rows inserted. Extra vendor columns keep their defaults.
    """
    sql = f"INSERT INTO sms ({', '.join(SMS_FIELDS)}) VALUES ({', '.join('?' * len(SMS_FIELDS))})"

    def row(item) -> tuple:
        if isinstance(item, Sms):
            if item.thread_id is None and item.address is not None:
                item.thread_id = ensure_threads(conn, [(item.address,)])[(item.address,)]
            item = item.row()
        return tuple(item)

    return _insert_batched(conn, sql, map(row, rows), commit)


def _insert_batched(conn: sqlite3.Connection, sql: str, rows: Iterable[tuple], commit: bool) -> int:
    """``executemany`` in batches of 100,000 rows (bounded memory); returns the row count."""
    n = 0
    batch: list[tuple] = []
    for item in rows:
        batch.append(item)
        if len(batch) >= 100_000:
            conn.executemany(sql, batch)
            n += len(batch)
            batch.clear()
    if batch:
        conn.executemany(sql, batch)
        n += len(batch)
    if commit:
        conn.commit()
    return n


# --- MMS ---------------------------------------------------------------------------------------


@dataclass
class Mms:
    """One MMS: ``date_s`` Unix seconds; ``msg_box`` 1 inbox / 2 sent / 3 drafts / 4 outbox.

    ``sender`` is the other party for an incoming message (the owner is written as the
    ``insert-address-token`` placeholder); ``recipients`` are the TO addresses (for an
    incoming group message: the other members; the owner's placeholder is added).
    ``parts`` are ``(content_type, text, data_path)``; a SMIL part is added first.
    """

    date_s: int | None
    msg_box: int
    sender: str | None = None
    recipients: Sequence[str] = ()
    parts: Sequence[tuple[str, str | None, str | None]] = ()
    thread_id: int | None = None
    m_type: int | None = None
    read: int = 1
    subject: str | None = None
    cc: Sequence[str] = ()
    smil: bool = True
    addresses: Sequence[tuple[str, int]] | None = None  # exact addr rows, overrides the above


def insert_mms(conn: sqlite3.Connection, messages: Iterable[Mms], commit: bool = True) -> list[int]:
    """Insert MMS into ``pdu``, ``addr`` and ``part``; returns the new ``pdu._id`` values."""
    pdu_id = _next_id(conn, "pdu")
    part_id = _next_id(conn, "part")
    addr_id = _next_id(conn, "addr")
    pdus, addrs, parts, ids = [], [], [], []
    for m in messages:
        incoming = m.msg_box == MMS_INBOX
        others = tuple(a for a in ((m.sender,) if incoming else ()) + tuple(m.recipients) + tuple(m.cc) if a)
        thread = m.thread_id
        if thread is None and others:
            thread = ensure_threads(conn, [tuple(sorted(set(others)))])[tuple(sorted(set(others)))]
        m_type = m.m_type if m.m_type is not None else (MMS_RETRIEVE_CONF if incoming else MMS_SEND_REQ)
        ct_t = "application/vnd.wap.multipart.related"
        pdus.append((pdu_id, thread, m.date_s, m.msg_box, m.read, m.subject, ct_t, m_type, 18, 1))
        if m.addresses is not None:
            rows = list(m.addresses)
        elif incoming:
            rows = [(m.sender or OWNER_TOKEN, ADDR_FROM), (OWNER_TOKEN, ADDR_TO)]
            rows += [(a, ADDR_TO) for a in m.recipients]
            rows += [(a, ADDR_CC) for a in m.cc]
        else:
            rows = [(OWNER_TOKEN, ADDR_FROM)] + [(a, ADDR_TO) for a in m.recipients] + [(a, ADDR_CC) for a in m.cc]
        for address, typ in rows:
            addrs.append((addr_id, pdu_id, address, typ, CHARSET_UTF8))
            addr_id += 1
        seq = 0
        all_parts = list(m.parts)
        if m.smil and all_parts:
            parts.append((part_id, pdu_id, -1, "application/smil", "smil.xml", None, "<smil/>", None))
            part_id += 1
        for ct, text, data in all_parts:
            parts.append((part_id, pdu_id, seq, ct, None, CHARSET_UTF8 if ct == "text/plain" else None, text, data))
            part_id += 1
            seq += 1
        ids.append(pdu_id)
        pdu_id += 1
    conn.executemany(
        "INSERT INTO pdu (_id, thread_id, date, msg_box, read, sub, ct_t, m_type, v, seen) VALUES (?,?,?,?,?,?,?,?,?,?)", pdus
    )
    conn.executemany("INSERT INTO addr (_id, msg_id, address, type, charset) VALUES (?,?,?,?,?)", addrs)
    conn.executemany(
        "INSERT INTO part (_id, mid, seq, ct, cl, chset, text, _data) VALUES (?,?,?,?,?,?,?,?)",
        [(i, mid, seq, ct, cl, chset, text, data) for i, mid, seq, ct, cl, chset, text, data in parts],
    )
    if commit:
        conn.commit()
    return ids


# --- dec_sms (DFRWS 2021 challenge authors' table) --------------------------------------------


def create_dec_sms(conn: sqlite3.Connection) -> None:
    """The ``dec_sms`` table the DFRWS 2021 authors added beside Samsung's ``sms`` (as written there)."""
    conn.execute("CREATE TABLE dec_sms             (type text, address text, date datetime, body text)")
    conn.commit()


def insert_dec_sms(conn: sqlite3.Connection, rows: Iterable[tuple[str, str, str, str]]) -> None:
    """Rows ``(type 'RECEIVE'|'SEND', address, 'YYYY-MM-DD HH:MM:SS' local time, body)``."""
    conn.executemany("INSERT INTO dec_sms (type, address, date, body) VALUES (?,?,?,?)", list(rows))
    conn.commit()


# --- calls -------------------------------------------------------------------------------------


@dataclass
class Call:
    """One call-log row: ``date_ms`` Unix ms, ``duration_s`` seconds, ``type`` 1..7 (CallLog.Calls)."""

    number: str | None
    date_ms: int | None
    duration_s: int | None
    type: int
    name: str | None = None
    component: str | None = TELEPHONY_COMPONENT
    countryiso: str | None = "GB"
    presentation: int = 1


def insert_calls(conn: sqlite3.Connection, rows: Iterable[Call | Sequence], commit: bool = True) -> int:
    """Insert calls into ``calls`` (calllog.db or an old contacts2.db).

    :class:`Call` objects, or tuples ``(number, date_ms, duration_s, type, name, component)``
    (the fast path). Columns the table of this version lacks are left out.
    """
    have = set(_columns(conn, "calls"))
    fields = ["number", "date", "duration", "type", "name", "subscription_component_name", "countryiso", "presentation", "new"]
    use = [f for f in fields if f in have]
    sql = f"INSERT INTO calls ({', '.join(use)}) VALUES ({', '.join('?' * len(use))})"
    pick = [fields.index(f) for f in use]

    def row(item) -> tuple:
        if isinstance(item, Call):
            full = (item.number, item.date_ms, item.duration_s, item.type, item.name, item.component,
                    item.countryiso, item.presentation, 0)
        else:
            item = tuple(item)
            full = item + (None,) * (6 - len(item)) + ("GB", 1, 0)
        return tuple(full[i] for i in pick)

    return _insert_batched(conn, sql, map(row, rows), commit)


# --- contacts ----------------------------------------------------------------------------------


@dataclass
class Contact:
    """One contact as stored in one account: a display name, phone numbers and e-mail addresses."""

    name: str | None
    phones: Sequence[str] = ()
    emails: Sequence[str] = ()
    account_type: str | None = "com.google"
    account_name: str | None = "owner@gmail.com"
    deleted: int = 0
    structured_name: bool = True
    extra: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (mimetype, data1) rows
    updated_ms: int | None = None
    """``contacts.contact_last_updated_timestamp`` (Unix ms): when the entry was last edited."""


def _mimetype_id(conn: sqlite3.Connection, cache: dict[str, int], mimetype: str) -> int:
    if mimetype not in cache:
        row = conn.execute("SELECT _id FROM mimetypes WHERE mimetype = ?", (mimetype,)).fetchone()
        cache[mimetype] = row[0] if row else conn.execute("INSERT INTO mimetypes (mimetype) VALUES (?)", (mimetype,)).lastrowid
    return cache[mimetype]


def insert_contacts(conn: sqlite3.Connection, contacts: Iterable[Contact], commit: bool = True) -> list[int]:
    """Insert contacts (``accounts``, ``contacts``, ``raw_contacts``, ``data``); returns raw_contacts ids."""
    rc_cols = set(_columns(conn, "raw_contacts"))
    mimes: dict[str, int] = {}
    accounts: dict[tuple, int] = {}
    raw_id = _next_id(conn, "raw_contacts")
    contact_id = _next_id(conn, "contacts")
    raws, aggs, datas, ids = [], [], [], []
    for c in contacts:
        if "account_id" in rc_cols:
            key = (c.account_name, c.account_type)
            if key not in accounts:
                row = conn.execute(
                    "SELECT _id FROM accounts WHERE account_name IS ? AND account_type IS ?", key
                ).fetchone()
                accounts[key] = row[0] if row else conn.execute(
                    "INSERT INTO accounts (account_name, account_type) VALUES (?, ?)", key
                ).lastrowid
            raws.append((raw_id, accounts[key], None, None, c.deleted, contact_id, c.name, c.name))
        else:
            raws.append((raw_id, None, c.account_name, c.account_type, c.deleted, contact_id, c.name, c.name))
        aggs.append((contact_id, raw_id, 1 if c.phones else 0, c.updated_ms))
        if c.structured_name and c.name:
            datas.append((_mimetype_id(conn, mimes, NAME_MIME), raw_id, c.name, None))
        for number in c.phones:
            datas.append((_mimetype_id(conn, mimes, PHONE_MIME), raw_id, number, "2"))
        for address in c.emails:
            datas.append((_mimetype_id(conn, mimes, EMAIL_MIME), raw_id, address, "1"))
        for mimetype, value in c.extra:
            datas.append((_mimetype_id(conn, mimes, mimetype), raw_id, value, None))
        ids.append(raw_id)
        raw_id += 1
        contact_id += 1
    if "account_id" in rc_cols:
        conn.executemany(
            "INSERT INTO raw_contacts (_id, account_id, deleted, contact_id, display_name, display_name_alt) "
            "VALUES (?,?,?,?,?,?)",
            [(r[0], r[1], r[4], r[5], r[6], r[7]) for r in raws],
        )
    else:
        conn.executemany(
            "INSERT INTO raw_contacts (_id, account_name, account_type, deleted, contact_id, display_name, "
            "display_name_alt) VALUES (?,?,?,?,?,?,?)",
            [(r[0], r[2], r[3], r[4], r[5], r[6], r[7]) for r in raws],
        )
    conn.executemany("INSERT INTO contacts (_id, name_raw_contact_id, has_phone_number, contact_last_updated_timestamp) "
                     "VALUES (?,?,?,?)", aggs)
    conn.executemany("INSERT INTO data (mimetype_id, raw_contact_id, data1, data2) VALUES (?,?,?,?)", datas)
    if commit:
        conn.commit()
    return ids
