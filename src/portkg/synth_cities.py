"""Provinces and their prefecture-level cities, for synthetic corpora (`portkg synth`).

General geographic knowledge, written out for portkg (as extract/places_cn.py is): 27 provinces
and autonomous regions (the four municipalities, which are not divided into prefecture-level
cities, and Hong Kong, Macao and Taiwan are left out) and about 300 of their prefecture-level
cities and prefectures. An id is the pinyin; where two cities share it, a province suffix is
added (suzhou-ah is 宿州, Anhui; suzhou is 苏州). The real gazetteer (data/places.yaml) uses the
same ids for the cities it has. Coordinates: each province's capital, approximately; the other
cities get a point within 1.5 degrees of it (for maps of synthetic data only, not geography).
"""
from __future__ import annotations

import hashlib

# province id, zh, en, two-letter code used in synthetic source ids, lat, long of the capital, then "pinyin 汉字" per city
_TABLE = """
hebei 河北省 Hebei he 38.04 114.51 : shijiazhuang 石家庄 tangshan 唐山 qinhuangdao 秦皇岛 handan 邯郸 xingtai 邢台 baoding 保定 zhangjiakou 张家口 chengde 承德 cangzhou 沧州 langfang 廊坊 hengshui 衡水
shanxi 山西省 Shanxi sx 37.87 112.55 : taiyuan 太原 datong 大同 yangquan 阳泉 changzhi 长治 jincheng 晋城 shuozhou 朔州 jinzhong 晋中 yuncheng 运城 xinzhou 忻州 linfen 临汾 lvliang 吕梁
neimenggu 内蒙古自治区 Inner-Mongolia nm 40.84 111.75 : huhehaote 呼和浩特 baotou 包头 wuhai 乌海 chifeng 赤峰 tongliao 通辽 eerduosi 鄂尔多斯 hulunbeier 呼伦贝尔 bayannaoer 巴彦淖尔 wulanchabu 乌兰察布 xingan 兴安盟 xilinguole 锡林郭勒盟 alashan 阿拉善盟
liaoning 辽宁省 Liaoning ln 41.8 123.43 : shenyang 沈阳 dalian 大连 anshan 鞍山 fushun 抚顺 benxi 本溪 dandong 丹东 jinzhou 锦州 yingkou 营口 fuxin 阜新 liaoyang 辽阳 panjin 盘锦 tieling 铁岭 chaoyang 朝阳 huludao 葫芦岛
jilin 吉林省 Jilin jl 43.82 125.32 : changchun 长春 siping 四平 liaoyuan 辽源 tonghua 通化 baishan 白山 songyuan 松原 baicheng 白城 yanbian 延边
heilongjiang 黑龙江省 Heilongjiang hl 45.8 126.53 : haerbin 哈尔滨 qiqihaer 齐齐哈尔 jixi 鸡西 hegang 鹤岗 shuangyashan 双鸭山 daqing 大庆 yichun-hl 伊春 jiamusi 佳木斯 qitaihe 七台河 mudanjiang 牡丹江 heihe 黑河 suihua 绥化 daxinganling 大兴安岭
jiangsu 江苏省 Jiangsu js 32.06 118.8 : nanjing 南京 wuxi 无锡 xuzhou 徐州 changzhou 常州 suzhou 苏州 nantong 南通 lianyungang 连云港 huaian 淮安 yancheng 盐城 yangzhou 扬州 zhenjiang 镇江 taizhou-js 泰州 suqian 宿迁
zhejiang 浙江省 Zhejiang zj 30.27 120.15 : hangzhou 杭州 ningbo 宁波 wenzhou 温州 jiaxing 嘉兴 huzhou 湖州 shaoxing 绍兴 jinhua 金华 quzhou 衢州 zhoushan 舟山 taizhou 台州 lishui 丽水
anhui 安徽省 Anhui ah 31.82 117.23 : hefei 合肥 wuhu 芜湖 bengbu 蚌埠 huainan 淮南 maanshan 马鞍山 huaibei 淮北 tongling 铜陵 anqing 安庆 huangshan 黄山 chuzhou 滁州 fuyang 阜阳 suzhou-ah 宿州 luan 六安 bozhou 亳州 chizhou 池州 xuancheng 宣城
fujian 福建省 Fujian fj 26.07 119.3 : fuzhou 福州 xiamen 厦门 putian 莆田 sanming 三明 quanzhou 泉州 zhangzhou 漳州 nanping 南平 longyan 龙岩 ningde 宁德
jiangxi 江西省 Jiangxi jx 28.68 115.86 : nanchang 南昌 jingdezhen 景德镇 pingxiang 萍乡 jiujiang 九江 xinyu 新余 yingtan 鹰潭 ganzhou 赣州 jian 吉安 yichun 宜春 fuzhou-jx 抚州 shangrao 上饶
shandong 山东省 Shandong sd 36.67 117.0 : jinan 济南 qingdao 青岛 zibo 淄博 zaozhuang 枣庄 dongying 东营 yantai 烟台 weifang 潍坊 jining 济宁 taian 泰安 weihai 威海 rizhao 日照 linyi 临沂 dezhou 德州 liaocheng 聊城 binzhou 滨州 heze 菏泽
henan 河南省 Henan ha 34.75 113.62 : zhengzhou 郑州 kaifeng 开封 luoyang 洛阳 pingdingshan 平顶山 anyang 安阳 hebi 鹤壁 xinxiang 新乡 jiaozuo 焦作 puyang 濮阳 xuchang 许昌 luohe 漯河 sanmenxia 三门峡 nanyang 南阳 shangqiu 商丘 xinyang 信阳 zhoukou 周口 zhumadian 驻马店
hubei 湖北省 Hubei hb 30.59 114.31 : wuhan 武汉 huangshi 黄石 shiyan 十堰 yichang 宜昌 xiangyang 襄阳 ezhou 鄂州 jingmen 荆门 xiaogan 孝感 jingzhou 荆州 huanggang 黄冈 xianning 咸宁 suizhou 随州 enshi 恩施
hunan 湖南省 Hunan hn 28.23 112.94 : changsha 长沙 zhuzhou 株洲 xiangtan 湘潭 hengyang 衡阳 shaoyang 邵阳 yueyang 岳阳 changde 常德 zhangjiajie 张家界 yiyang 益阳 chenzhou 郴州 yongzhou 永州 huaihua 怀化 loudi 娄底 xiangxi 湘西
guangdong 广东省 Guangdong gd 23.13 113.26 : guangzhou 广州 shaoguan 韶关 shenzhen 深圳 zhuhai 珠海 shantou 汕头 foshan 佛山 jiangmen 江门 zhanjiang 湛江 maoming 茂名 zhaoqing 肇庆 huizhou 惠州 meizhou 梅州 shanwei 汕尾 heyuan 河源 yangjiang 阳江 qingyuan 清远 dongguan 东莞 zhongshan 中山 chaozhou 潮州 jieyang 揭阳 yunfu 云浮
guangxi 广西壮族自治区 Guangxi gx 22.82 108.37 : nanning 南宁 liuzhou 柳州 guilin 桂林 wuzhou 梧州 beihai 北海 fangchenggang 防城港 qinzhou 钦州 guigang 贵港 yulin 玉林 baise 百色 hezhou 贺州 hechi 河池 laibin 来宾 chongzuo 崇左
hainan 海南省 Hainan hi 20.04 110.34 : haikou 海口 sanya 三亚 sansha 三沙 danzhou 儋州
sichuan 四川省 Sichuan sc 30.66 104.07 : chengdu 成都 zigong 自贡 panzhihua 攀枝花 luzhou 泸州 deyang 德阳 mianyang 绵阳 guangyuan 广元 suining 遂宁 neijiang 内江 leshan 乐山 nanchong 南充 meishan 眉山 yibin 宜宾 guangan 广安 dazhou 达州 yaan 雅安 bazhong 巴中 ziyang 资阳 aba 阿坝 ganzi 甘孜 liangshan 凉山
guizhou 贵州省 Guizhou gz 26.65 106.63 : guiyang 贵阳 liupanshui 六盘水 zunyi 遵义 anshun 安顺 bijie 毕节 tongren 铜仁 qianxinan 黔西南 qiandongnan 黔东南 qiannan 黔南
yunnan 云南省 Yunnan yn 25.04 102.71 : kunming 昆明 qujing 曲靖 yuxi 玉溪 baoshan 保山 zhaotong 昭通 lijiang 丽江 puer 普洱 lincang 临沧 chuxiong 楚雄 honghe 红河 wenshan 文山 xishuangbanna 西双版纳 dali 大理 dehong 德宏 nujiang 怒江 diqing 迪庆
xizang 西藏自治区 Tibet xz 29.65 91.14 : lasa 拉萨 rikaze 日喀则 changdu 昌都 linzhi 林芝 shannan 山南 naqu 那曲 ali 阿里
shaanxi 陕西省 Shaanxi sn 34.34 108.94 : xian 西安 tongchuan 铜川 baoji 宝鸡 xianyang 咸阳 weinan 渭南 yanan 延安 hanzhong 汉中 yulin-sn 榆林 ankang 安康 shangluo 商洛
gansu 甘肃省 Gansu gs 36.06 103.83 : lanzhou 兰州 jiayuguan 嘉峪关 jinchang 金昌 baiyin 白银 tianshui 天水 wuwei 武威 zhangye 张掖 pingliang 平凉 jiuquan 酒泉 qingyang 庆阳 dingxi 定西 longnan 陇南 linxia 临夏 gannan 甘南
qinghai 青海省 Qinghai qh 36.62 101.78 : xining 西宁 haidong 海东 haibei 海北 huangnan 黄南 hainan-qh 海南州 guoluo 果洛 yushu 玉树 haixi 海西
ningxia 宁夏回族自治区 Ningxia nx 38.49 106.23 : yinchuan 银川 shizuishan 石嘴山 wuzhong 吴忠 guyuan 固原 zhongwei 中卫
xinjiang 新疆维吾尔自治区 Xinjiang xj 43.83 87.62 : wulumuqi 乌鲁木齐 kelamayi 克拉玛依 tulufan 吐鲁番 hami 哈密 changji 昌吉 boertala 博尔塔拉 bayinguoleng 巴音郭楞 akesu 阿克苏 kezilesu 克孜勒苏 kashi 喀什 hetian 和田 yili 伊犁 tacheng 塔城 aletai 阿勒泰
"""


def _parse():
    provinces, cities = {}, {}
    for line in _TABLE.strip().splitlines():
        head, _, rest = line.partition(" : ")
        pid, zh, en, code, lat, long = head.split()
        provinces[pid] = {"zh": zh, "en": en.replace("-", " "), "code": code, "lat": float(lat), "long": float(long),
                          "short": zh.replace("维吾尔自治区", "").replace("壮族自治区", "").replace("回族自治区", "")
                          .replace("自治区", "").replace("省", "")}
        words = rest.split()
        for cid, czh in zip(words[::2], words[1::2]):
            if cid in cities:
                raise ValueError(f"duplicate city id {cid}")
            base = cid.split("-")[0]
            # not the city's real position: the capital's (the province's first city) or a point near it
            k = len([c for c in cities.values() if c["province"] == pid])
            lat, long = provinces[pid]["lat"], provinces[pid]["long"]
            if k:
                h = int(hashlib.sha256(cid.encode()).hexdigest()[:8], 16)
                lat, long = round(lat + (h % 300 - 150) / 100, 3), round(long + (h // 300 % 300 - 150) / 100, 3)
            cities[cid] = {"zh": czh, "en": base[:1].upper() + base[1:], "province": pid, "lat": lat, "long": long}
    return provinces, cities


PROVINCES, CITIES = _parse()
